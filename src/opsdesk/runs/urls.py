"""Pages of runs and tasks: the dashboard, the library, starting, a run, the task list."""

from django.urls import path

from .views import dashboard, library, run_detail, task_actions, tasks, workflows

app_name = "runs"

urlpatterns = [
    path("", dashboard.dashboard_page, name="dashboard"),
    path("workflows/", workflows.workflows_page, name="workflows"),
    path("workflows/library/", library.library_page, name="library"),
    path("workflows/start/<slug:template_type>/", library.start_page, name="start"),
    path("workflows/start/<slug:template_type>/run/", library.start_run_action, name="start-run"),
    path("workflows/<int:run_id>/", run_detail.run_page, name="run"),
    path("workflows/<int:run_id>/links/", run_detail.set_link, name="run-link"),
    path("workflows/<int:run_id>/stage/", run_detail.change_stage, name="run-stage"),
    path("workflows/<int:run_id>/archive/", run_detail.archive, name="run-archive"),
    path("tasks/", tasks.task_list_page, name="tasks"),
    path("tasks/new/", task_actions.new_task, name="task-new"),
    path("tasks/<int:task_id>/", tasks.task_page, name="task"),
    path("tasks/<int:task_id>/<slug:action>/", task_actions.task_action, name="task-action"),
]
