extensions = ['versioned_notifications.sphinxext']
# The registry names a class that is no VersionedObjectRegistry.
versioned_notifications_project = {
    'registry': 'versioned_notifications.project:NotificationProject',
    'notification_base':
        'versioned_notifications.watcher.notification:NotificationBase',
    'modules': ['versioned_notifications.watcher.notifications'],
}
