# Everything runs inside venv/, the same virtualenv the Pulumi CLI creates for the pack.
PYTHON ?= python3
VENV := venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test lint demo bench snapshot-managed-policies clean

$(STAMP): requirements.txt requirements-dev.txt sample_stack/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Regenerates policies/iam/data/aws_managed_policies.json.gz from the documents moto ships.
snapshot-managed-policies: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "moto>=5.2,<6"
	$(BIN)/python scripts/snapshot_managed_policies.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
