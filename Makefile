# SCRM for Odoo 18: see README.md. Every target sets up what it needs (virtualenv,
# Odoo 18 source, PostgreSQL) in the ignored work folder .work/.
.PHONY: run test test-clock test-odoo load pytest mutants lint bench pot screenshots clean help
SHELL := /bin/bash

help:
	@echo "make run     serve the demo database on http://localhost:8069"
	@echo "make test    every test of every addon, in a throwaway database"
	@echo "make test-clock  the time-sensitive tests late on a month's last day (UTC), in Asia/Shanghai"
	@echo "make pytest  the pure-Python engines' tests, no database (seconds)"
	@echo "make mutants mutation score of each pure-Python engine (minutes)"
	@echo "make test-odoo  Odoo's own tests of the modules SCRM extends, SCRM installed"
	@echo "make load    Locust against the demo served with 4 workers (60 s; not in CI)"
	@echo "make lint    ruff + pylint-odoo + zh_CN check + README links"
	@echo "make bench   timing scripts of bench/ (BENCH=<name> for one)"
	@echo "make pot     regenerate the .pot of every addon"
	@echo "make screenshots  the README's pictures, from a running demo (SCRM_URL)"

run:
	@scripts/run.sh

test:
	@scripts/test.sh

test-clock:
	@scripts/test_clock.sh

pytest:
	@scripts/pytest.sh

mutants:
	@scripts/mutants.sh

test-odoo:
	@scripts/test_odoo.sh

load:
	@scripts/load.sh

lint:
	@scripts/lint.sh

bench:
	@BENCH=$(BENCH) scripts/bench.sh

pot:
	@scripts/pot.sh

screenshots:
	@source scripts/lib.sh && scrm_venv && "$$SCRM_PY" scripts/screenshots.py

clean:
	@echo "stopping the private PostgreSQL cluster and removing .work/"
	-@for d in .work/pgdata /var/tmp/scrm-pgdata-$$(echo "$$PWD/.work" | sha1sum | cut -c1-10); do \
		[ -f $$d/PG_VERSION ] && { runuser -u postgres -- pg_ctl -D $$d stop -m fast || pg_ctl -D $$d stop -m fast; }; \
	done >/dev/null 2>&1; true
	rm -rf .work
