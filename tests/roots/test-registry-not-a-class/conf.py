extensions = ['versioned_notifications.sphinxext']
# The registry names a tuple.
versioned_notifications_project = {
    'registry': 'versioned_notifications.catalog:WIRE_PRIORITIES',
    'notification_base':
        'versioned_notifications.watcher.notification:NotificationBase',
    'modules': ['versioned_notifications.watcher.notifications'],
}
