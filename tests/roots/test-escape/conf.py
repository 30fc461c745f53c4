extensions = ['versioned_notifications.sphinxext']
versioned_notifications_project = (
    'versioned_notifications.watcher.project:PROJECT')
versioned_notifications_check_stale = False
