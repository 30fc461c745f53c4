extensions = ['versioned_notifications.sphinxext']
# No versioned_notifications_project: the directive must say so, and must
# not document this package's own notifications instead.
