extensions = ['versioned_notifications.sphinxext']
# Named: newer sphinx.testing puts 'basic' for the default theme
# (sphinx-doc/sphinx#12776), 7.4's keeps alabaster, whose sidebar has
# other links.
html_theme = 'basic'
