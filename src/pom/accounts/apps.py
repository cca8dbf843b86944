from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pom.accounts"
    label = "accounts"
    verbose_name = "Accounts"
