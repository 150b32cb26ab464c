# Developer shortcuts. The two README commands (./dev demo, ./dev test) need only Python 3.11.
PY ?= .venv/bin/python
BABEL ?= .venv/bin/pybabel
LOCALE_DIR = src/werkgeversportaal/locale

.PHONY: demo test lint i18n i18n-extract i18n-update i18n-compile i18n-check migrate

demo:
	./dev demo

test:
	./dev test

lint:
	$(PY) -m ruff check src tests bench
	$(PY) -m mypy

migrate:
	$(PY) -m werkgeversportaal.cli db upgrade

# Babel catalogues: extract messages from code and templates, merge them into every language.
i18n: i18n-extract i18n-update i18n-compile

# Fails when a candidate message lacks an en/ar/ti translation, any message lacks en, or placeholders differ.
i18n-check:
	PYTHONPATH=src $(PY) scripts/check_catalogues.py

i18n-extract:
	$(BABEL) extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o $(LOCALE_DIR)/messages.pot .

i18n-update:
	$(BABEL) update -i $(LOCALE_DIR)/messages.pot -d $(LOCALE_DIR) --no-fuzzy-matching --ignore-obsolete

# The app reads the .po files directly; compiled .mo files are for other tools and are not committed.
i18n-compile:
	$(BABEL) compile -d $(LOCALE_DIR) --statistics
