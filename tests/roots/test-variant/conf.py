import dataclasses

from versioned_notifications.watcher.project import PROJECT

extensions = ['versioned_notifications.sphinxext']
versioned_notifications_project = dataclasses.replace(PROJECT, variants={
    'ActionCancelNotification': ['action-cancel-end_*.json']})
