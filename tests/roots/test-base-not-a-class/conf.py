extensions = ['versioned_notifications.sphinxext']
# The notification base names a string.
versioned_notifications_project = {
    'registry': 'versioned_notifications.watcher.base:WatcherObjectRegistry',
    'notification_base': 'versioned_notifications.catalog:DEFAULT_PRIORITY',
    'modules': ['versioned_notifications.watcher.notifications'],
}
