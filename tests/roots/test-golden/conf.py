# The pages tests/test_golden.py compares with tests/golden/: minicompute's
# notifications, read from its committed samples. sphinx.testing builds a
# copy of this directory, so the test gives the absolute sample directory
# and puts tests/miniproject on sys.path.
extensions = ['versioned_notifications.sphinxext']
project = 'golden'
# The theme with the least chrome; only its body element is compared.
html_theme = 'basic'
versioned_notifications_project = 'minicompute.doc:PROJECT'
