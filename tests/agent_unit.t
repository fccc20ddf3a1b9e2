#!/bin/sh
# httpagent's patterns and cache under threads, compiled in (tests/agent_unit.c).
exec "${HTTPAGENT_UNIT:-.build/agent_unit}"
