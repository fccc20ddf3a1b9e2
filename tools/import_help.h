/* import_help.h: what httpstatus-import says about itself.
 *
 * One text for two readers: `httpstatus-import --help` prints it wrapped
 * for a terminal (import_cli.c), and tools/import_man.c turns it into the
 * manual page man/httpstatus-import.1 (make man/httpstatus-import.1;
 * tests/import_cli.t checks that the committed page is what the generator
 * writes from this file). The man page has a few sections more (the
 * database, examples); --help points to it.
 *
 * Plain text only: the generator sets words starting with "--" in bold and
 * the words of help_metavariables in italics, and escapes the rest.
 */
#ifndef IMPORT_HELP_H
#define IMPORT_HELP_H

#define HELP_COMMAND "httpstatus-import"
/* The manual page's date: change it when the text changes. */
#define HELP_DATE "2026-12-14"

struct help_item {
  const char *term; /* an option with its argument, an exit status, ... */
  const char *text;
};

static const char help_summary[] = "import web server access logs into SQLite, every line once";

static const char help_usage[] = "[OPTION]... DB LOG...";

/* Paragraphs. */
static const char *const help_description[] = {
    "Reads each LOG and stores its lines in the SQLite database DB (created when missing): "
    "parsed lines in the view log, lines that do not parse in the view rejects, with the reason "
    "and the line's bytes. The formats are those of http_log(): Apache and NGINX (common, "
    "combined and others, or a LogFormat or log_format string), W3C (IIS), JSON lines, ALB, "
    "ELB, CloudFront, HAProxy, detected per file.",
    "A LOG is a file, plain or compressed with gzip, bzip2, xz or zstd (recognised by its "
    "content), or - for standard input. A LOG that names a file is that file, whatever "
    "characters its name holds. A LOG that names no file and holds * ? or [ is a glob pattern "
    "(quote it, 'access.log*', so that the shell leaves it alone), and each file it matches is "
    "a LOG of its own, rotated copies oldest first.",
    "Every line is stored once, however often the command runs and however the files were "
    "rotated. A file is known by its first 4096 bytes after decompression, not by its name "
    "(a shorter file by its name too, since two young logs may start alike): "
    "access.log, renamed access.log.1, then compressed to access.log.2.gz, is one content, and "
    "only the lines not stored yet are imported. A file that became shorter than what was "
    "stored of it, or whose first bytes changed (copytruncate), is new content. A last line "
    "without its newline is stored, and replaced once it is complete.",
    "Each LOG is imported in one transaction: one that fails (unreadable, disk full, database "
    "locked for longer than --timeout) leaves the database as it was before it, and the other "
    "LOGs are imported. The database is in WAL mode, so that queries can run during an "
    "import.",
    NULL};

static const struct help_item help_options[] = {
    {"--name NAME",
     "Label the rows of these LOGs with NAME, a site or a host (the column source_file). "
     "Default: the LOG's name without its rotation suffixes (.1, .2.gz, -20240101), so that "
     "the rotated copies of access.log are all access.log. A content keeps the name it was "
     "first stored under; the label does not decide what is new."},
    {"--format F",
     "Read every LOG in format F: a name (combined, vhost_combined, w3c, ...), an Apache "
     "LogFormat or NGINX log_format string, or json: and a mapping. Default: detected per file, "
     "then kept for that content."},
    {"--replace",
     "Delete what is stored of each LOG's content and store it again from its first line, "
     "under the NAME of this run (after a change of format or name)."},
    {"--follow",
     "Import the LOGs, then keep importing the lines written to them, each batch visible "
     "within a second, until SIGINT or SIGTERM. A file that is renamed or deleted is read to "
     "its end before the new file under the name; after copytruncate, the lines not read yet "
     "are taken from the copy beside it (a file whose first bytes are the same). Every file "
     "of a glob is followed; a compressed file is imported once. Standard input is read until "
     "it ends."},
    {"--timeout S",
     "Wait up to S seconds, a whole number from 0 to 2147483, for another process writing DB "
     "(default 30)."},
    {"--help", "Print this help and exit."},
    {"--version", "Print the version and exit."},
    {NULL, NULL}};

static const char help_output[] =
    "For each LOG, one line on standard output: LOG: N lines, K already stored, I imported, R "
    "rejected, format F. Errors go to standard error, each starting with httpstatus-import: .";

static const struct help_item help_exit[] = {
    {"0", "Every new line was stored (also when nothing was new, or a LOG is empty)."},
    {"1", "A LOG could not be read or stored, matched no file, or had lines of which none parsed "
          "(its format was not detected, say); nothing of that LOG was stored."},
    {"2", "Wrong arguments: an unknown option, a bad value, DB or LOG missing."},
    {NULL, NULL}};

/* The man page only. */
static const char *const help_database[] = {
    "Read the views; the tables behind them are the importer's.",
    "log: source_file (the NAME), line (its number in the file), then the columns of "
    "http_log(): time, time_utc, client, remote_user, method, path, query, protocol, status, "
    "bytes, referrer, user_agent, host, port, duration, extra, format.",
    "rejects: source_file, line, reason (why it did not parse: the field and the byte), raw "
    "(the line's bytes, as a BLOB).",
    "sources: one row per content: its NAME, the file it was last read from, its first bytes "
    "(head), its format, how many of its lines are stored and where they end, and its counts.",
    "A DB holding a table or view of these names with other columns (written by an older "
    "importer, or by something else) is refused.",
    NULL};

static const struct help_item help_examples[] = {
    {"httpstatus-import logs.db /var/log/nginx/access.log", "Import one log."},
    {"httpstatus-import --name web1 logs.db '/var/log/nginx/access.log*'",
     "Every hour from cron: the live log and its rotated copies, only the new lines."},
    {"httpstatus-import --follow logs.db /var/log/apache2/access.log",
     "Import, then follow the log across rotations until interrupted."},
    {"zcat old.log.gz | httpstatus-import logs.db -", "From standard input."},
    {"sqlite3 logs.db 'SELECT status, count(*) FROM log GROUP BY status'",
     "Count the responses by status."},
    {NULL, NULL}};

static const char *const help_see_also[] = {"sqlite3(1)", "logrotate(8)", NULL};

/* Words set in italics in the man page. */
static const char *const help_metavariables[] = {"DB", "LOG", "LOGs", "NAME", "F", "S", NULL};

#endif
