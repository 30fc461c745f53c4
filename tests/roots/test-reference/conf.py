extensions = ['versioned_notifications.sphinxext']
versioned_notifications_project = (
    'versioned_notifications.watcher.project:PROJECT')
# Named: newer sphinx.testing puts 'basic' for the default theme
# (sphinx-doc/sphinx#12776), 7.4's keeps alabaster, whose sidebar has
# other links.
html_theme = 'basic'
