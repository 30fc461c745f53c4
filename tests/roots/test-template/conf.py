extensions = ['versioned_notifications.sphinxext']
templates_path = ['_templates']
