from django.contrib import admin
from viewflow.workflow.models import Process, Task

# The admin is for configuration. viewflow registers its processes and tasks there, where a
# change or a deletion would move the routing behind the flow's back and out of the audit trail;
# routing changes only through the flow's own screens (cancel, undo and revive: superusers).
for model in (Process, Task):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
