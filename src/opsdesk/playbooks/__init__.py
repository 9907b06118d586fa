"""Workflow templates: file schema, loading and validation, planning a run, the operator table."""
