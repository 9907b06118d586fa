"""The operator pages."""

from django.urls import path

from .views import auth, dashboard, docs, library, notifications, run_detail, task_actions, tasks

app_name = "web"

urlpatterns = [
    path("login/", auth.login_page, name="login"),
    path("logout/", auth.logout_page, name="logout"),
    path("", dashboard.dashboard_page, name="dashboard"),
    path("workflows/", library.library_page, name="library"),
    path("workflows/start/<slug:template_type>/", library.start_page, name="start"),
    path("workflows/start/<slug:template_type>/run/", library.start_run_action, name="start-run"),
    path("workflows/<int:run_id>/", run_detail.run_page, name="run"),
    path("workflows/<int:run_id>/links/", run_detail.set_link, name="run-link"),
    path("workflows/<int:run_id>/stage/", run_detail.change_stage, name="run-stage"),
    path("workflows/<int:run_id>/archive/", run_detail.archive, name="run-archive"),
    path("tasks/", tasks.task_list_page, name="tasks"),
    path("tasks/new/", task_actions.new_task, name="task-new"),
    path("tasks/<int:task_id>/", tasks.task_page, name="task"),
    path(
        "tasks/<int:task_id>/<slug:action>/",
        task_actions.task_action,
        name="task-action",
    ),
    path("docs/", docs.docs_index, name="docs"),
    path("docs/<path:ref>/", docs.doc_page, name="doc"),
    path("search/", docs.search_page, name="search"),
    path("docs-assets/<path:path>", docs.doc_asset, name="doc-asset"),
    path("notifications/", notifications.notifications_page, name="notifications"),
    path(
        "notifications/<int:notification_id>/dismiss/",
        notifications.dismiss,
        name="notification-dismiss",
    ),
]
