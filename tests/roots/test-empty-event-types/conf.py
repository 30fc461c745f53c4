extensions = ['versioned_notifications.sphinxext']
versioned_notifications_check_stale = False
