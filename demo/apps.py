from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models and no screens: the app only holds the seed_demo command and the Sa Pa data.
    name = "demo"
