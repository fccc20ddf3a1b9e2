# Instructions per line of each http_log() format under callgrind, this
# tree's build beside another's (bench/formats_callgrind.sh):
#
#   make bench-formats-callgrind [BASE=../other-tree]

.PHONY: bench-formats-callgrind
bench-formats-callgrind: $(LOG_PARSE) $(HTTPLOG) ## each format's instructions a line, beside BASE's build
	BASE='$(BASE)' sh bench/formats_callgrind.sh
