extensions = ['versioned_notifications.sphinxext']
versioned_notifications_template_dir = '_templates'
