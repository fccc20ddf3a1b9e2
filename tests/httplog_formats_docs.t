#!/bin/sh
# The examples of docs/formats.md, run and compared by tests/httplog_docs.t.
DOCS_PAGE=docs/formats.md exec perl tests/httplog_docs.t
