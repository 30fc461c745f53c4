extensions = ['versioned_notifications.sphinxext']
