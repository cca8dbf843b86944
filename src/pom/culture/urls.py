from django.urls import path

from pom.culture.views import demos, learnings, notifications, reviews, rituals

app_name = "culture"

urlpatterns = [
    path("", demos.index, name="index"),
    path("teams/<slug:slug>/demos/new/", demos.demo_create, name="demo_create"),
    path("demos/<int:pk>/", demos.demo, name="demo"),
    path("demos/<int:pk>/edit/", demos.demo_edit, name="demo_edit"),
    path("demos/<int:pk>/hold/", demos.demo_hold, name="demo_hold"),
    path("demos/<int:pk>/delete/", demos.demo_delete, name="demo_delete"),
    path("demos/<int:pk>/markdown/", demos.demo_markdown_export, name="demo_markdown"),
    path("learnings/", learnings.index, name="learnings"),
    path("learnings/new/", learnings.learning_create, name="learning_create"),
    path("learnings/<int:pk>/", learnings.learning_edit, name="learning_edit"),
    path("learnings/<int:pk>/delete/", learnings.learning_delete, name="learning_delete"),
    path("reviews/", reviews.index, name="reviews"),
    path("reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/<int:pk>/", reviews.review, name="review"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:pk>/hold/", reviews.review_hold, name="review_hold"),
    path("reviews/<int:pk>/delete/", reviews.review_delete, name="review_delete"),
    path("reviews/<int:pk>/markdown/", reviews.review_markdown_export, name="review_markdown"),
    path("rituals/", rituals.calendar_page, name="calendar"),
    path("rituals/review/", rituals.review_cadence, name="review_cadence"),
    path("rituals/cadences/<int:pk>/stop/", rituals.cadence_stop, name="cadence_stop"),
    path("teams/<slug:slug>/rituals/", rituals.team_rituals, name="team_rituals"),
    path("teams/<slug:slug>/retros/", rituals.retro_log, name="retro_log"),
    path("retros/<int:pk>/delete/", rituals.retro_delete, name="retro_delete"),
    path("notifications/", notifications.preferences, name="preferences"),
    path("notifications/deliveries/", notifications.deliveries, name="deliveries"),
    path(
        "notifications/deliveries/<int:pk>/retry/",
        notifications.delivery_retry,
        name="delivery_retry",
    ),
    path("notifications/webhook/", notifications.webhook, name="webhook"),
    path("notifications/webhook/delete/", notifications.webhook_delete, name="webhook_delete"),
    path("notifications/webhook/test/", notifications.webhook_test, name="webhook_test"),
]
