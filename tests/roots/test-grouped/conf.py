# All of minicompute's notifications in one directive: more event types
# than render.GROUP_ABOVE, so their sections are grouped by object. The
# test gives the sample directory and puts tests/miniproject on sys.path.
extensions = ['versioned_notifications.sphinxext']
html_theme = 'basic'
versioned_notifications_project = 'minicompute.doc:PROJECT'
