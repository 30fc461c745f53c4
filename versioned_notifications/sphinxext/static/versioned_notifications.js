/* The notification reference (versioned_notifications.sphinxext), HTML
   only; the page is whole without it. A link to a sample (a <details>)
   opens it; a filter box above each summary table narrows it as one
   types. */
(function () {
    'use strict';

    function openTarget() {
        var id = decodeURIComponent(window.location.hash.slice(1));
        var target = id && document.getElementById(id);
        if (target && target.tagName === 'DETAILS') {
            target.open = true;
        }
    }

    function addFilter(table) {
        var input = document.createElement('input');
        input.type = 'search';
        input.className = 'vn-filter';
        input.placeholder = 'Filter: event type, class, priority';
        input.setAttribute('aria-label', 'Filter the notifications');
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        var texts = rows.map(function (row) {
            return row.textContent.toLowerCase();
        });
        input.addEventListener('input', function () {
            var words = input.value.toLowerCase().split(/\s+/)
                .filter(Boolean);
            rows.forEach(function (row, index) {
                row.hidden = !words.every(function (word) {
                    return texts[index].indexOf(word) >= 0;
                });
            });
        });
        // Themes may wrap a table (Furo: a scrolling div).
        var before = table.parentNode.classList.contains('table-wrapper') ?
            table.parentNode : table;
        before.parentNode.insertBefore(input, before);
    }

    function start() {
        document.querySelectorAll('table.vn-summary').forEach(addFilter);
        openTarget();
        window.addEventListener('hashchange', openTarget);
        // A link to the hash already shown changes nothing: open it again.
        document.addEventListener('click', function (event) {
            var link = event.target.closest && event.target.closest('a');
            if (link && link.hash && link.hash === window.location.hash &&
                    link.pathname === window.location.pathname) {
                openTarget();
            }
        });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}());
