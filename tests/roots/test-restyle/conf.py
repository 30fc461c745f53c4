# A project restyling the reference as any Sphinx project restyles a page:
# with a style sheet of its own, after the extension's.
extensions = ['versioned_notifications.sphinxext']
versioned_notifications_project = (
    'versioned_notifications.watcher.project:PROJECT')
html_static_path = ['_static']
html_css_files = ['notifications.css']
