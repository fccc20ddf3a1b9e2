#!/usr/bin/env perl
# Differential test of the virtual tables: thousands of random queries run
# against http_status and http_status_meanings, and again against plain tables
# materialised from them in the same database, must give the same rows (and
# fail, or not, alike).
#
# The queries come from a seeded generator. The seed is printed as a comment;
# HTTPSTATUS_SEED=<seed> repeats a run exactly, HTTPSTATUS_SCALE=<x> multiplies
# the number of queries per family. Each side runs as one sqlite3 process
# reading one script, a marker line before every query; errors are matched to
# their query by the line number the shell reports.
#
# A query with a total ORDER BY must give the same rows in the same order;
# any other query the same rows in any order.
use strict;
use warnings;
use lib 'tests';
use Tap;
use File::Temp qw(tempdir);
use Time::HiRes qw(time);

my $sqlite3 = $ENV{SQLITE3} || 'sqlite3';
my $extension = $ENV{EXTENSION} || './httpstatus';
my $seed = $ENV{HTTPSTATUS_SEED};
$seed = (int(time()) ^ ($$ << 12)) % 2147483647 unless defined $seed && $seed =~ /^\d+$/;
my $scale = $ENV{HTTPSTATUS_SCALE} || 1;
srand($seed);

# Queries per family (at scale 1).
my @families = (
  [ code => 1300 ],    # WHERE on code and rowid, alone and with other columns
  [ class => 700 ],    # WHERE on class under every collation, with code
  [ order => 700 ],    # ORDER BY, LIMIT, OFFSET
  [ meanings => 400 ], # http_status_meanings (no key: always a full scan)
  [ join => 1000 ],    # joins and correlated subqueries with a log table
  [ aggregate => 500 ],# aggregates, GROUP BY, DISTINCT, compound selects
);

print "1..", scalar(@families) + 4, "\n";
print "# seed $seed (repeat with HTTPSTATUS_SEED=$seed)\n";


sub pick { return $_[ int(rand(@_)) ] }
sub chance { return rand() < $_[0] }

# ---- the codes in the table, so that values hit rows often ------------

my @codes = `'$sqlite3' -batch :memory: -cmd '.load $extension' 'SELECT code FROM http_status'`;
chomp @codes;
die "cannot read the codes from http_status (is the extension built?)\n" unless @codes > 10;

# ---- values of every type ---------------------------------------------

my @integers = qw(404 200 100 599 99 600 0 1 -1 -404 301 308 499 444 520 103 250 450 0x194
  9223372036854775807 -9223372036854775808);
my @reals = qw(404.0 404.5 200.0 599.0 599.5 99.5 99.0 100.0 600.0 1e300 -1e300 -0.0 0.0
  403.999 4.04e2 9e999 -9e999);
my @texts = ("'404'", "' 404'", "'404 '", "'+404'", "'404.0'", "'4.04e2'", "'404abc'", "''",
  "'abc'", "'0x194'", "'200'", "'599.5'", "'-0'", "'9223372036854775808'", "'1e999'",
  "'  500  '", "'100'", "'099'");
my @blobs = ("x'343034'", "x''", "x'00'", "x'323030'");

# A value of any type, mostly near the codes in the table.
sub value {
  my $r = rand();
  my $code = pick(@codes);
  return $code if $r < 0.25;
  return $code + pick(-1, 1) if $r < 0.30;
  return pick(@integers) if $r < 0.45;
  return pick("$code.0", "$code.5", "$code.25", "$code.0e0") if $r < 0.50;
  return pick(@reals) if $r < 0.58;
  return pick("'$code'", "' $code'", "'$code '", "'$code.0'", "'+$code'", "'${code}x'") if $r < 0.68;
  return pick(@texts) if $r < 0.82;
  return pick(@blobs) if $r < 0.88;
  return pick("CAST($code AS TEXT)", "CAST('$code' AS REAL)", "($code + 0.5)", "-(-$code)")
    if $r < 0.94;
  return 'NULL';
}

sub value_list {
  my @list = map { value() } 1 .. 1 + int(rand(6));
  push @list, $list[0] if chance(0.3);    # a duplicate
  push @list, 'NULL' if chance(0.15);
  return join(', ', @list);
}

# uint and decimal, built into recent sqlite3 shells, stand for collations
# the tables know nothing of; under decimal, every two class names are equal.
my %shell_collations = map { chomp; ($_ => 1) }
  `'$sqlite3' -batch :memory: 'SELECT name FROM pragma_collation_list'`;
my @collations = ('', ' COLLATE NOCASE', ' COLLATE RTRIM', ' COLLATE BINARY',
  map { " COLLATE $_" } grep { $shell_collations{$_} } 'uint', 'decimal');
my @class_names = ('Informational', 'Success', 'Redirection', 'Client Error', 'Server Error');

sub class_value {
  my $c = pick(@class_names);
  my $r = rand();
  return "'$c'" if $r < 0.45;
  return "'" . lc($c) . "'" if $r < 0.55;
  return "'" . uc($c) . "'" if $r < 0.60;
  return "'$c '" if $r < 0.67;
  return "' $c'" if $r < 0.70;
  return "'$c  '" if $r < 0.73;
  return "'" . substr($c, 0, 3) . "'" if $r < 0.78;
  return pick("''", "'x'", 'NULL', '5', '404', "x'53756363657373'", "CAST(x'53756363657373' AS TEXT)");
}

# ---- predicates --------------------------------------------------------

my @comparisons = ('=', '==', 'IS', 'IS NOT', '!=', '<>', '<', '<=', '>', '>=');

# A column holding the code: $t is the table's alias.
sub code_column {
  my ($t, $keyed) = @_;
  return pick("$t.code", "$t.code", "$t.code", "$t.rowid", "$t._rowid_", "$t.oid", "+$t.code")
    if $keyed;
  return pick("$t.code", "$t.code", "$t.rowid", "+$t.code");
}

sub code_predicate {
  my ($t, $keyed) = @_;
  my $c = code_column($t, $keyed);
  my $r = rand();
  return "$c " . pick(@comparisons) . ' ' . value() if $r < 0.40;
  return value() . ' ' . pick(@comparisons) . " $c" if $r < 0.48;
  return "$c " . pick('BETWEEN', 'BETWEEN', 'NOT BETWEEN') . ' ' . value() . ' AND ' . value()
    if $r < 0.60;
  return "$c " . pick('IN', 'IN', 'NOT IN') . ' (' . value_list() . ')' if $r < 0.78;
  if ($r < 0.88) {
    my $sub = pick('SELECT status FROM log', 'SELECT status_int FROM log',
      'SELECT status_text FROM log WHERE id % 2 = 0', 'SELECT status FROM log WHERE id < 20',
      'SELECT value FROM (SELECT ' . value() . ' AS value UNION ALL SELECT ' . value() . ')');
    return "$c " . pick('IN', 'IN', 'NOT IN') . " ($sub)";
  }
  return "$c " . pick('IS NULL', 'IS NOT NULL', 'ISNULL', 'NOTNULL');
}

sub class_predicate {
  my ($t) = @_;
  my $r = rand();
  my $coll = pick(@collations);
  return "$t.class " . pick('=', '=', '==', 'IS', '!=', '<', '>=', 'IS NOT') . ' ' . class_value() . $coll
    if $r < 0.55;
  return "$t.class$coll = " . class_value() if $r < 0.65;
  return class_value() . " = $t.class$coll" if $r < 0.70;
  return "$t.class$coll " . pick('IN', 'NOT IN') . ' (' . join(', ', map { class_value() } 1 .. 1 + int(rand(3))) . ')'
    if $r < 0.82;
  return "$t.class " . pick("LIKE 's%'", "GLOB 'S*'", 'IS NULL', 'IS NOT NULL') if $r < 0.90;
  return "$t.class BETWEEN " . class_value() . ' AND ' . class_value();
}

sub other_predicate {
  my ($t) = @_;
  return pick("$t.name = 'Not Found'", "$t.name LIKE '%error%'", "$t.source = 'nginx'",
    "$t.source != 'iana'", "$t.cacheable = 1", "$t.redirect", "NOT $t.no_content",
    "$t.retryable = '1'", "$t.registry IS NULL", "$t.registry = 'permanent'",
    "$t.reference LIKE 'RFC 9110%'", "length($t.meaning) > 60", "$t.code % 2 = 0");
}

# A WHERE expression: predicates combined with AND, OR and NOT.
sub expression {
  my ($leaf, $depth) = @_;
  my $r = rand();
  return $leaf->() if $depth <= 0 || $r < 0.45;
  return '(' . expression($leaf, $depth - 1) . ' AND ' . expression($leaf, $depth - 1) . ')'
    if $r < 0.75;
  return '(' . expression($leaf, $depth - 1) . ' OR ' . expression($leaf, $depth - 1) . ')'
    if $r < 0.93;
  return 'NOT (' . expression($leaf, $depth - 1) . ')';
}

sub code_where {
  my ($t, $keyed) = @_;
  return expression(sub { chance(0.85) ? code_predicate($t, $keyed) : other_predicate($t) }, 2);
}

sub class_where {
  my ($t) = @_;
  return expression(
    sub {
      my $r = rand();
      return class_predicate($t) if $r < 0.65;
      return code_predicate($t, 1) if $r < 0.9;
      return other_predicate($t);
    },
    2);
}

# ---- query families ----------------------------------------------------
# Each generator returns [sql, ordered]; the SQL names the extension's
# tables {S} and {M}, which the plain side replaces.

my @status_columns = ('s.code', 's.code, s.name', 's.*', 's.rowid, s.code, s.class', '*',
  's.code, s.meaning, s.source, s.reference, s.registry',
  's.code, s.cacheable, s.no_content, s.retryable, s.redirect', 's.class, s.code * 2, typeof(s.code)');

# ORDER BY clauses, each with whether it orders the rows totally.
my @status_orders = (
  [ 's.code', 1 ], [ 's.code ASC', 1 ], [ 's.code DESC', 1 ], [ 's.rowid DESC', 1 ],
  [ 's.code DESC, s.name', 1 ], [ 's.class, s.code', 1 ], [ 's.class DESC, s.code DESC', 1 ],
  [ 's.cacheable, s.code DESC', 1 ], [ 's.name COLLATE NOCASE, s.code', 1 ], [ 's.name', 0 ],
  [ 's.class', 0 ], [ 's.source DESC', 0 ], [ '-s.code', 1 ], [ 's.code COLLATE NOCASE DESC', 1 ],
);

sub limit_clause {
  my $r = rand();
  return ' LIMIT ' . pick(0, 1, 3, 10, 100, -1) if $r < 0.4;
  return ' LIMIT ' . pick(1, 3, 10, -1) . ' OFFSET ' . pick(0, 1, 2, 5, 50, 95, 200) if $r < 0.75;
  return ' LIMIT ' . pick(0, 2, 7) . ', ' . pick(1, 4, 20) if $r < 0.9;
  # Values of other types: some are errors, which both sides must share.
  return ' LIMIT ' . pick("'3'", '3.0', "' 3'", '2.5', "'abc'", 'NULL', "x'33'", '-0.0', "'3'", '1e1');
}

sub query_code {
  my $sql = 'SELECT ' . pick(@status_columns) . ' FROM {S} AS s WHERE ' . code_where('s', 1);
  return [ $sql, 0 ];
}

sub query_class {
  my $sql = 'SELECT ' . pick(@status_columns) . ' FROM {S} AS s WHERE ' . class_where('s');
  return [ $sql, 0 ];
}

sub query_order {
  my ($order, $total) = @{ pick(@status_orders) };
  my $sql = 'SELECT ' . pick(@status_columns) . ' FROM {S} AS s';
  if (chance(0.8)) {
    $sql .= ' WHERE ' . (chance(0.6) ? code_where('s', 1) : class_where('s'));
  }
  $sql .= " ORDER BY $order";
  $sql .= limit_clause() if $total && chance(0.6);
  return [ $sql, $total ];
}

sub query_meanings {
  my $columns = pick('m.code, m.source', 'm.*', 'm.rowid, m.code, m.preferred',
    'm.code, m.name, m.class, m.meaning', '*');
  my $where = expression(
    sub {
      my $r = rand();
      return code_predicate('m', 0) if $r < 0.6;
      return class_predicate('m') if $r < 0.75;
      return pick("m.preferred = 1", "NOT m.preferred", "m.source = 'iana'",
        "m.source IN ('nginx', 'cloudflare', 'microsoft-iis')", "m.rowid > 96") if $r < 0.9;
      return other_predicate('m');
    },
    2);
  my $sql = "SELECT $columns FROM {M} AS m WHERE $where";
  if (chance(0.4)) {
    my ($order, $total) = @{ pick([ 'm.code, m.source', 1 ], [ 'm.rowid DESC', 1 ],
        [ 'm.code DESC, m.source DESC', 1 ], [ 'm.code', 0 ], [ 'm.source, m.code', 0 ]) };
    $sql .= " ORDER BY $order";
    $sql .= limit_clause() if $total && chance(0.5);
    return [ $sql, $total ];
  }
  return [ $sql, 0 ];
}

my @log_columns = ('status', 'status', 'status_int', 'status_text');

sub join_condition {
  my $lc = 'l.' . pick(@log_columns);
  my $r = rand();
  return "s.code = $lc" if $r < 0.40;
  return "$lc = s.code" if $r < 0.50;
  return "s.rowid = $lc" if $r < 0.55;
  return "s.code IS $lc" if $r < 0.60;
  return "s.code IN ($lc, l.status_int)" if $r < 0.65;
  return "s.code BETWEEN l.status_int AND l.status_int + 5" if $r < 0.72;
  return "s.code > $lc AND s.code <= $lc + 3" if $r < 0.78;
  return "s.code = $lc AND " . class_predicate('s') if $r < 0.86;
  return "s.class = l.cls" . pick(@collations) if $r < 0.93;
  return "s.code = $lc + 0";
}

sub query_join {
  my $r = rand();
  my $lc = 'l.' . pick(@log_columns);
  my $where = chance(0.5) ? ' WHERE ' . class_where('s') : '';
  if ($r < 0.45) {
    my $on = join_condition();
    # SQLite before 3.54 gets "s.class = l.cls AND (s.class COLLATE NOCASE =
    # 'a' OR s.class COLLATE NOCASE = 'b')" wrong on plain tables too (it
    # applies the OR, made an IN, through the join's equality); such a
    # reference proves nothing, so a join on class gets code predicates.
    $where = ' WHERE ' . code_where('s', 1) if $where && $on =~ /s\.class = l\.cls/;
    my $from = pick("log AS l JOIN {S} AS s ON $on", "log AS l LEFT JOIN {S} AS s ON $on",
      "{S} AS s JOIN log AS l ON $on", "log AS l CROSS JOIN {S} AS s ON $on",
      "{S} AS s CROSS JOIN log AS l ON $on", "log AS l, {S} AS s WHERE $on",
      "log AS l INNER JOIN {S} AS s ON $on");
    $where =~ s/^ WHERE / AND / if $from =~ / WHERE /;
    my $sql = "SELECT l.id, s.code, s.name, s.class FROM $from$where";
    return [ "$sql ORDER BY l.id, s.code" . (chance(0.3) ? limit_clause() : ''), 1 ] if chance(0.5);
    return [ $sql, 0 ];
  }
  if ($r < 0.60) {
    my $join = pick('JOIN', 'LEFT JOIN');
    my $on = chance(0.7) ? "s.code = $lc" : join_condition();
    $where = ' WHERE ' . code_where('s', 1) if $where && $on =~ /s\.class = l\.cls/;    # as above
    my $sql = pick(
      "SELECT s.class, count(*) FROM log AS l $join {S} AS s ON $on$where GROUP BY s.class",
      "SELECT s.class, s.name, count(*) FROM log AS l $join {S} AS s ON $on$where GROUP BY 1, 2",
      "SELECT s.class, count(*), count(s.code), sum(l.id) FROM log AS l $join {S} AS s ON $on GROUP BY s.class HAVING count(*) > 1");
    return [ "$sql ORDER BY 1, 2", 1 ] if $sql =~ /GROUP BY s.class/ && chance(0.5);
    return [ $sql, 0 ];
  }
  my $inner = chance(0.5) ? ' AND ' . code_where('s', 1) : '';
  my $sql = pick(
    "SELECT l.id, (SELECT s.name FROM {S} AS s WHERE s.code = $lc$inner) FROM log AS l",
    "SELECT l.id FROM log AS l WHERE EXISTS (SELECT 1 FROM {S} AS s WHERE s.code = $lc$inner)",
    "SELECT l.id FROM log AS l WHERE NOT EXISTS (SELECT 1 FROM {S} AS s WHERE s.code = $lc$inner)",
    "SELECT l.id, $lc FROM log AS l WHERE $lc IN (SELECT s.code FROM {S} AS s WHERE " . class_where('s') . ')',
    "SELECT l.id FROM log AS l WHERE $lc NOT IN (SELECT s.rowid FROM {S} AS s WHERE " . code_where('s', 1) . ')',
    "SELECT s.code, (SELECT count(*) FROM log AS l WHERE $lc = s.code) FROM {S} AS s WHERE " . code_where('s', 1),
    "SELECT l.id, (SELECT count(*) FROM {S} AS s WHERE s.code < $lc$inner) FROM log AS l",
    "SELECT l.id, (SELECT max(s.code) FROM {S} AS s WHERE s.code <= $lc) FROM log AS l",
    "SELECT l.id, (SELECT s.code FROM {S} AS s WHERE s.code > $lc ORDER BY s.code LIMIT 1) FROM log AS l",
    "SELECT l.id, (SELECT s.code FROM {S} AS s WHERE s.code < $lc ORDER BY s.code DESC LIMIT 1 OFFSET 1) FROM log AS l",
    "SELECT l.id, (SELECT min(s.name) FROM {S} AS s WHERE s.class = l.cls" . pick(@collations) . ") FROM log AS l");
  return [ $sql, 0 ];
}

sub query_aggregate {
  my $where = chance(0.5) ? code_where('s', 1) : class_where('s');
  my $sql = pick(
    "SELECT count(*), min(s.code), max(s.code), sum(s.code), total(s.cacheable) FROM {S} AS s WHERE $where",
    "SELECT s.class, count(*), min(s.name), max(s.code) FROM {S} AS s WHERE $where GROUP BY s.class",
    "SELECT s.class, count(*) FROM {S} AS s WHERE $where GROUP BY s.class HAVING count(*) > " . pick(1, 5, 20),
    "SELECT count(DISTINCT s.class), count(DISTINCT s.source) FROM {S} AS s WHERE $where",
    "SELECT DISTINCT s.class FROM {S} AS s WHERE $where",
    "SELECT max(s.code) FROM {S} AS s WHERE $where",
    'SELECT min(s.code) FROM {S} AS s WHERE s.code ' . pick('>', '>=', '<', '<=') . ' ' . value(),
    'SELECT max(s.code), min(s.code) FROM {S} AS s',
    "SELECT m.source, count(*), min(m.code) FROM {M} AS m WHERE " . code_where('m', 0) . ' GROUP BY m.source',
    "SELECT s.code FROM {S} AS s WHERE $where " . pick('UNION', 'UNION ALL', 'INTERSECT', 'EXCEPT')
      . ' SELECT s.code FROM {S} AS s WHERE ' . code_where('s', 1),
    "SELECT s.code FROM {S} AS s WHERE $where " . pick('UNION', 'EXCEPT')
      . ' SELECT m.code FROM {M} AS m WHERE ' . code_where('m', 0),
    "SELECT count(*) FROM {S} AS a JOIN {S} AS b ON b.code " . pick('=', '<', '>=') . ' a.code + '
      . pick(0, 1, 100) . " WHERE a.class = 'Success'");
  return [ $sql, 0 ];
}

my %generators = (code => \&query_code, class => \&query_class, order => \&query_order,
  meanings => \&query_meanings, join => \&query_join, aggregate => \&query_aggregate);

# ---- the log table, the same on both sides -----------------------------

my @log_rows;
for my $id (1 .. 60) {
  push @log_rows, "($id, " . join(', ', value(), value(), value(), class_value()) . ')';
}
my $setup = join("\n",
  ".load $extension",
  '.mode quote',
  '.headers off',
  # SQLite 3.40 builds an automatic index under the column's collation even
  # when the comparison names another (s.class = l.cls COLLATE RTRIM), and
  # then misses rows; without them the plain side is a faithful reference.
  'PRAGMA automatic_index = OFF;',
  'CREATE TABLE plain_status(code INTEGER PRIMARY KEY, name TEXT, class TEXT, meaning TEXT, source TEXT, reference TEXT, registry TEXT, cacheable INTEGER, no_content INTEGER, retryable INTEGER, redirect INTEGER);',
  'INSERT INTO plain_status SELECT * FROM http_status;',
  'CREATE TABLE plain_meanings(code INTEGER, name TEXT, class TEXT, meaning TEXT, source TEXT, reference TEXT, registry TEXT, cacheable INTEGER, no_content INTEGER, retryable INTEGER, redirect INTEGER, preferred INTEGER);',
  'INSERT INTO plain_meanings SELECT * FROM http_status_meanings;',
  'CREATE TABLE log(id INTEGER PRIMARY KEY, status, status_int INTEGER, status_text TEXT, cls TEXT);',
  'CREATE INDEX log_status_int ON log(status_int);',
  'INSERT INTO log VALUES ' . join(', ', @log_rows) . ';',
  '.print ##setup',
  'SELECT (SELECT count(*) FROM http_status), (SELECT count(*) FROM plain_status), (SELECT count(*) FROM http_status_meanings), (SELECT count(*) FROM plain_meanings), (SELECT count(*) FROM log);',
  '');

# ---- generate, write and run both scripts ------------------------------

my @queries;
for my $family (@families) {
  my ($name, $count) = @$family;
  for (1 .. int($count * $scale)) {
    push @queries, [ $name, @{ $generators{$name}->() } ];
  }
}

my $dir = tempdir('httpstatus-diff.XXXXXX', TMPDIR => 1, CLEANUP => 1);
my %line_of;    # side => { script line => query index }
for my $side ('ext', 'plain') {
  open my $fh, '>', "$dir/$side.sql" or die "$dir/$side.sql: $!";
  print $fh $setup;
  my $line = () = $setup =~ /\n/g;
  for my $i (0 .. $#queries) {
    print $fh ".print ##$i\n" . substitute($queries[$i][1], $side) . ";\n";
    $line += 2;
    $line_of{$side}{$line} = $i;
  }
  print $fh ".print ##end\n";
  close $fh or die "$dir/$side.sql: $!";
}

# Runs one side's script in a shell of its own; returns the process id.
# With @wrap = (stdbuf -oL), output is line-buffered: slower, but a crash
# then loses none of it.
sub start_side {
  my ($side, @wrap) = @_;
  my $pid = fork();
  die "fork: $!" unless defined $pid;
  return $pid if $pid;
  open STDIN, '<', "$dir/$side.sql" or die;
  open STDOUT, '>', "$dir/$side.out" or die;
  open STDERR, '>', "$dir/$side.err" or die;
  exec @wrap, $sqlite3, '-batch', ':memory:' or exit 127;
}

my $started = time();
my %pid = map { $_ => start_side($_) } 'ext', 'plain';
my %exit;
for my $side (keys %pid) {
  waitpid($pid{$side}, 0);
  $exit{$side} = $?;
}
my $elapsed = sprintf('%.1f', time() - $started);

# Reads one side's output: per query, its rows and its error.
sub read_side {
  my ($side) = @_;
  my (%rows, %error, @stray, $current, $last_error);
  open my $out, '<', "$dir/$side.out" or die "$dir/$side.out: $!";
  while (my $line = <$out>) {
    chomp $line;
    if ($line =~ /^##(\d+|setup|end)$/) {
      $current = $1;
      $rows{$current} = [];
    } elsif (defined $current) {
      push @{ $rows{$current} }, $line;
    } else {
      push @stray, $line;
    }
  }
  close $out;
  open my $err, '<', "$dir/$side.err" or die "$dir/$side.err: $!";
  while (my $line = <$err>) {
    chomp $line;
    if ($line =~ /near line (\d+): (.*)$/ && exists $line_of{$side}{$1}) {
      $last_error = $line_of{$side}{$1};
      $error{$last_error} = $2;
    } elsif (!defined $last_error) {
      push @stray, $line;    # not from a query: the setup failed
    }
    # Any other line continues the last error (the shell quotes the SQL).
  }
  close $err;
  return { rows => \%rows, error => \%error, stray => \@stray };
}

my %got = (ext => read_side('ext'), plain => read_side('plain'));

# A side that stopped early (a crash) runs again, line-buffered, so that its
# last marker names the query that crashed.
my @stdbuf = grep { -x "$_/stdbuf" } split(/:/, $ENV{PATH} || '');
for my $side (grep { !exists $got{$_}{rows}{end} } sort keys %got) {
  last unless @stdbuf;
  waitpid(start_side($side, 'stdbuf', '-oL'), 0);
  $exit{$side} = $?;
  $got{$side} = read_side($side);
}

# 1: the setup ran and the plain tables hold every row.
{
  my @diag = map { ("$_: " . join(' | ', @{ $got{$_}{stray} })) } grep { @{ $got{$_}{stray} } } keys %got;
  my $counts = $got{ext}{rows}{setup} || [];
  my @c = @$counts ? split(/,/, $counts->[0]) : ();
  my $pass = !@diag && @c == 5 && $c[0] == $c[1] && $c[2] == $c[3] && $c[0] >= 90 && $c[2] >= $c[0] && $c[4] == 60;
  push @diag, "row counts (http_status, plain_status, meanings, plain_meanings, log): @c";
  result($pass, 'setup: plain copies of both tables, and the log', $pass ? () : @diag);
}

# 2: both shells ran every query. A crash stops the markers: the last one
# names the query that crashed (exactly so when stdbuf made output line-
# buffered). Queries after it are left out of the comparisons below.
{
  my @diag;
  for my $side (sort keys %got) {
    next if exists $got{$side}{rows}{end};
    my ($last) = grep { exists $got{$side}{rows}{$_} } reverse 0 .. $#queries;
    push @diag, "$side side stopped (wait status $exit{$side}) "
      . (defined $last ? "in query $last: " . substitute($queries[$last][1], $side) : 'before the first query');
  }
  result(!@diag, 'both sides ran all ' . scalar(@queries) . ' queries', @diag, @diag ? "seed $seed" : ());
}

sub substitute {
  my ($sql, $side) = @_;
  if ($side eq 'plain') {
    $sql =~ s/\{S\}/plain_status/g;
    $sql =~ s/\{M\}/plain_meanings/g;
  } else {
    $sql =~ s/\{S\}/http_status/g;
    $sql =~ s/\{M\}/http_status_meanings/g;
  }
  return $sql;
}

# An error message, with the table names made the same on both sides, and
# without the name of a missing collation (which one SQLite meets first
# depends on the plan).
sub normal_error {
  my ($message) = @_;
  return undef unless defined $message;
  $message =~ s/plain_meanings/http_status_meanings/g;
  $message =~ s/plain_status/http_status/g;
  $message =~ s/^no such collation sequence: .*/no such collation sequence/;
  return $message;
}

sub show {
  my ($side, $i) = @_;
  my $rows = $got{$side}{rows}{$i} || [];
  my $error = $got{$side}{error}{$i};
  my @lines = @$rows > 8 ? (@$rows[0 .. 7], '... (' . scalar(@$rows) . ' rows)') : @$rows;
  push @lines, '(no rows)' unless @$rows;
  push @lines, "error: $error" if defined $error;
  return map { sprintf('  %-5s %s', $side, $_) } @lines;
}

# One test per family: every query of it agrees on both sides.
my ($total_bad, $with_rows, $with_errors) = (0, 0, 0);
for my $family (@families) {
  my $name = $family->[0];
  my @bad;
  my @all = grep { $queries[$_][0] eq $name } 0 .. $#queries;
  my $count = 0;
  for my $i (@all) {
    next unless exists $got{ext}{rows}{$i} && exists $got{plain}{rows}{$i};
    $count++;
    my $ordered = $queries[$i][2];
    my ($ext, $plain) = map { $got{$_}{rows}{$i} || [] } 'ext', 'plain';
    my ($ext_error, $plain_error) = map { normal_error($got{$_}{error}{$i}) } 'ext', 'plain';
    $with_rows++ if @$ext || @$plain;
    $with_errors++ if defined $ext_error || defined $plain_error;
    # Each side as one string: its rows (sorted unless ordered), then its error.
    my ($want, $have) = map {
      my ($rows, $error) = @$_;
      join("\n", $ordered ? @$rows : sort(@$rows)) . (defined $error ? "\nerror: $error" : '')
    } [ $plain, $plain_error ], [ $ext, $ext_error ];
    push @bad, $i unless $have eq $want;
  }
  $total_bad += @bad;
  my @diag;
  if (@bad) {
    push @diag, scalar(@bad) . " of $count queries differ; seed $seed (HTTPSTATUS_SEED=$seed)";
    for my $i (@bad[0 .. ($#bad < 4 ? $#bad : 4)]) {
      push @diag, 'query: ' . substitute($queries[$i][1], 'ext')
        . ($queries[$i][2] ? '   [ordered]' : '   [any order]');
      push @diag, show('ext', $i), show('plain', $i);
    }
  }
  my $ran = $count == @all ? $count : "$count (of " . scalar(@all) . ' generated)';
  result(!@bad, "$name: $ran queries, same results from the extension and plain tables", @diag);
}

# The generator must make queries that find rows, or the test proves little.
result($with_rows >= 0.4 * @queries,
  "coverage: $with_rows of " . scalar(@queries) . " queries return rows, $with_errors end in an error",
  $with_rows >= 0.4 * @queries ? () : 'fewer than 40% of the queries return any row');

result($total_bad == 0 && exists $got{ext}{rows}{end} && exists $got{plain}{rows}{end},
  'all ' . scalar(@queries) . " queries agree (seed $seed, ${elapsed}s)",
  $total_bad ? "$total_bad queries differ; repeat with HTTPSTATUS_SEED=$seed" : ());
