"""The few shared helpers: rendering, forms, i18n, audit, mail, jobs, permissions, security."""
