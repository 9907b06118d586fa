"""Pages of runs and tasks: the dashboard, the library, starting, a run, the task list."""

from django.urls import path

from .views import (
    dashboard,
    library,
    moving,
    run_detail,
    run_picks,
    task_actions,
    tasks,
    template_update,
    workflows,
)

app_name = "runs"

urlpatterns = [
    path("", dashboard.dashboard_page, name="dashboard"),
    path("workflows/", workflows.workflows_page, name="workflows"),
    path("workflows/library/", library.library_page, name="library"),
    path("workflows/picks/", run_picks.run_picks, name="run-picks"),
    path("workflows/start/<slug:template_type>/", library.start_page, name="start"),
    path("workflows/start/<slug:template_type>/run/", library.start_run_action, name="start-run"),
    path("workflows/<int:run_id>/", run_detail.run_page, name="run"),
    path("workflows/<int:run_id>/links/", run_detail.set_link, name="run-link"),
    path("workflows/<int:run_id>/stage/", run_detail.change_stage, name="run-stage"),
    path("workflows/<int:run_id>/archive/", run_detail.archive, name="run-archive"),
    path(
        "workflows/<int:run_id>/template-update/",
        template_update.review_page,
        name="template-update",
    ),
    path(
        "workflows/<int:run_id>/template-update/apply/",
        template_update.apply_action,
        name="template-update-apply",
    ),
    path(
        "workflows/updates/<slug:template_type>/",
        template_update.batch_page,
        name="template-updates",
    ),
    path(
        "workflows/updates/<slug:template_type>/apply/",
        template_update.batch_apply_action,
        name="template-updates-apply",
    ),
    path("workflows/<int:run_id>/move/", moving.move_page, name="run-move"),
    path("workflows/<int:run_id>/move/apply/", moving.move_action, name="run-move-apply"),
    path("tasks/", tasks.task_list_page, name="tasks"),
    path("tasks/new/", task_actions.new_task, name="task-new"),
    path("tasks/<int:task_id>/", tasks.task_page, name="task"),
    path("tasks/<int:task_id>/<slug:action>/", task_actions.task_action, name="task-action"),
]
