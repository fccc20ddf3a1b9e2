#!/usr/bin/env perl
# gen_data.pl: validates the status data in data/ and writes ext/status_data.c
# from it, or exports every table as CSV and JSON.
#
#   perl tools/gen_data.pl                     check data/, write nothing
#   perl tools/gen_data.pl --output FILE       check, then write the C table
#   perl tools/gen_data.pl --export DIR        check, then write DIR/<table>.csv
#                                              and DIR/<table>.json
#   --data DIR reads the files from DIR instead of data/ (tests/gen_data.t).
#
# `make data` and `make export` run it; tests/generated.t checks that the
# committed ext/status_data.c is what it writes. data/README.md describes the
# files and every check below. The output depends only on the input files.
use strict;
use warnings;
use Encode qw(decode FB_CROAK);

my ($output, $export, $DATA) = (undef, undef, 'data');
while (@ARGV) {
  my $arg = shift @ARGV;
  if ($arg eq '--output' && @ARGV) { $output = shift @ARGV }
  elsif ($arg eq '--export' && @ARGV) { $export = shift @ARGV }
  elsif ($arg eq '--data' && @ARGV) { $DATA = shift @ARGV }
  else { die "usage: gen_data.pl [--data DIR] [--output FILE] [--export DIR]\n" }
}

my @INPUTS = map {"$DATA/$_"} qw(codes.tsv meanings.tsv aliases.tsv sources.tsv classes.tsv
  notes.tsv seed.txt);
my @errors;
sub error { push @errors, join('', @_) }

# ---- reading --------------------------------------------------------------

# Limits in bytes, so that a stray paste shows up in review and the C strings
# stay short.
my %MAX = (name => 48, meaning => 160, reference => 160, description => 240, note => 400,
  title => 24, kind => 16, source => 16);

# Every text is valid UTF-8 without control characters and without spaces at
# either end.
sub check_text {
  my ($where, $column, $text) = @_;
  my $copy = $text;
  if (!eval { decode('UTF-8', $copy, FB_CROAK); 1 }) {
    error("$where: $column is not valid UTF-8");
    return;
  }
  error("$where: $column has a control character") if $text =~ /[\x00-\x1f\x7f]/;
  error("$where: $column has spaces at an end") if $text =~ /^\s|\s$/;
  error("$where: $column is longer than $MAX{$column} bytes")
    if $MAX{$column} && length($text) > $MAX{$column};
}

# Rows of a TSV file as hashes. Lines starting with '#' are comments; the
# first other line is the header, which must be exactly @columns. Columns
# listed in %optional may be empty; no other may.
sub read_tsv {
  my ($file, $columns, %optional) = @_;
  open my $fh, '<:raw', $file or die "gen_data: $file: $!\n";
  my (@rows, $header);
  while (my $line = <$fh>) {
    my $where = "$file:$.";
    error("$where: line does not end with a newline") unless $line =~ s/\n\z//;
    error("$where: carriage return") if $line =~ s/\r\z//;
    next if $line =~ /^#/;
    my @fields = split /\t/, $line, -1;
    if (!defined $header) {
      $header = $line;
      die "gen_data: $file: header is '$line', expected '" . join("\t", @$columns) . "'\n"
        unless $line eq join("\t", @$columns);
      next;
    }
    if (@fields != @$columns) {
      error("$where: " . scalar(@fields) . " fields, expected " . scalar(@$columns));
      next;
    }
    my %row = (where => $where);
    for my $i (0 .. $#$columns) {
      my ($column, $value) = ($columns->[$i], $fields[$i]);
      $row{$column} = $value;
      if ($value eq '') {
        error("$where: $column is empty") unless $optional{$column};
        next;
      }
      check_text($where, $column, $value);
    }
    push @rows, \%row;
  }
  die "gen_data: $file: no header\n" unless defined $header;
  return @rows;
}

my @codes = read_tsv("$DATA/codes.tsv",
  [qw(code name class meaning source reference registry cacheable no_content retryable redirect
      note)], registry => 1, note => 1);
my @alternates = read_tsv("$DATA/meanings.tsv", [qw(code name meaning source reference note)],
  note => 1);
my @aliases = read_tsv("$DATA/aliases.tsv", [qw(code name kind reference)]);
my @sources = read_tsv("$DATA/sources.tsv", [qw(source description)]);
my @classes = read_tsv("$DATA/classes.tsv", [qw(digit class description)]);
my @notes = read_tsv("$DATA/notes.tsv", [qw(title first_code second_code note)]);

# The library name lists: data/names/<library>.tsv, each with "# SOURCE:" lines.
my %library_names;
for my $file (sort glob "$DATA/names/*.tsv") {
  (my $library = $file) =~ s{.*/|\.tsv$}{}g;
  open my $fh, '<:raw', $file or die "gen_data: $file: $!\n";
  my $has_source = grep {/^# SOURCE: \S/} <$fh>;
  error("$file: no '# SOURCE: ...' line") unless $has_source;
  $library_names{$library} = [ read_tsv($file, [qw(name code)]) ];
  push @INPUTS, $file;
}

# ---- checks ---------------------------------------------------------------

my %source_named = map {; $_->{source} => $_ } @sources;
my %class_of_digit = map {; $_->{digit} => $_->{class} } @classes;
my %flag_bit = (cacheable => 1, no_content => 2, retryable => 4, redirect => 8);
my %registry_states = map { $_ => 1 } qw(permanent provisional unused obsoleted);
my %alias_kinds = map { $_ => 1 } qw(iana former common library);

sub is_code { return defined $_[0] && $_[0] =~ /^[1-5][0-9][0-9]$/ }

# Rows sorted strictly by the key function: ascending and unique.
sub check_sorted {
  my ($what, $key, @rows) = @_;
  for my $i (1 .. $#rows) {
    my ($a, $b) = ($key->($rows[$i - 1]), $key->($rows[$i]));
    error("$rows[$i]{where}: $what out of order or repeated ('$b' after '$a')") if $a ge $b;
  }
}

# classes.tsv: the digits 1 to 5, in order.
error("$DATA/classes.tsv: digits are " . join(',', map { $_->{digit} } @classes) . ", expected 1..5")
  unless join(',', map { $_->{digit} } @classes) eq '1,2,3,4,5';

# sources.tsv: sorted, names of lower-case letters, digits and '-'.
check_sorted('source', sub { $_[0]{source} }, @sources);
for my $s (@sources) {
  error("$s->{where}: source name '$s->{source}' is not [a-z0-9-]+") unless $s->{source} =~ /^[a-z0-9-]+$/;
}

my %row_of_code;
check_sorted('code', sub { $_[0]{code} }, @codes);
for my $r (@codes) {
  my $w = $r->{where};
  if (!is_code($r->{code})) { error("$w: code '$r->{code}' is not 100..599"); next }
  $row_of_code{ $r->{code} } = $r;
  my $class = $class_of_digit{ substr($r->{code}, 0, 1) } // '';
  error("$w: class is '$r->{class}', but code $r->{code} is in '$class'") unless $r->{class} eq $class;
  error("$w: unknown source '$r->{source}'") unless $source_named{ $r->{source} };
  if ($r->{source} eq 'iana') {
    error("$w: an IANA code needs a registry state") unless $registry_states{ $r->{registry} };
  } else {
    error("$w: only IANA codes have a registry state") if $r->{registry} ne '';
  }
  for my $flag (sort keys %flag_bit) {
    error("$w: $flag is '$r->{$flag}', expected 0 or 1") unless $r->{$flag} =~ /^[01]$/;
  }
}

check_sorted('(code, source)', sub { "$_[0]{code} $_[0]{source}" }, @alternates);
for my $r (@alternates) {
  my $row = $row_of_code{ $r->{code} };
  if (!$row) { error("$r->{where}: code $r->{code} has no row in codes.tsv"); next }
  error("$r->{where}: unknown source '$r->{source}'") unless $source_named{ $r->{source} };
  error("$r->{where}: ($r->{code}, $r->{source}) is already the row in codes.tsv")
    if $row->{source} eq $r->{source};
}

check_sorted('(code, name)', sub { "$_[0]{code} $_[0]{name}" }, @aliases);
for my $a (@aliases) {
  my $row = $row_of_code{ $a->{code} };
  if (!$row) { error("$a->{where}: code $a->{code} has no row in codes.tsv"); next }
  error("$a->{where}: unknown kind '$a->{kind}'") unless $alias_kinds{ $a->{kind} };
  error("$a->{where}: alias repeats its row's name") if lc $a->{name} eq lc $row->{name};
}

# Every source is used, every used source is listed.
{
  my %used = map {; $_->{source} => 1 } @codes, @alternates;
  for my $s (@sources) { error("$s->{where}: source '$s->{source}' names no row") unless $used{ $s->{source} } }
}

for my $n (@notes) {
  for my $c ($n->{first_code}, $n->{second_code}) {
    error("$n->{where}: code $c has no row") unless is_code($c) && $row_of_code{$c};
  }
  error("$n->{where}: title is not '$n->{first_code} vs $n->{second_code}'")
    unless $n->{title} eq "$n->{first_code} vs $n->{second_code}";
}

# The seed page keeps its wording: every row it lists has its name and
# meaning, each class heading's paragraph is the class description and each
# note its text, byte for byte.
{
  my %heading_class = ('Informational' => 'Informational', 'Success' => 'Success',
    'Redirection' => 'Redirection', 'Client errors' => 'Client Error',
    'Server errors' => 'Server Error');
  my %class_text = map {; $_->{class} => $_->{description} } @classes;
  my %note_text = map {; "$_->{first_code} $_->{second_code}" => $_->{note} } @notes;
  open my $fh, '<:raw', "$DATA/seed.txt" or die "gen_data: $DATA/seed.txt: $!\n";
  my @lines = map { s/\r?\n\z//r } <$fh>;
  my ($rows, $headings, $seed_notes) = (0, 0, 0);
  for my $i (0 .. $#lines) {
    my $where = "$DATA/seed.txt:" . ($i + 1);
    if ($lines[$i] =~ /^[1-5]xx \xe2\x80\x94 (.+)$/) {
      my $class = $heading_class{$1};
      $headings++;
      if (!$class) { error("$where: unknown heading '$1'"); next }
      error("$where: the paragraph under '$1' differs from classes.tsv")
        unless ($class_text{$class} // '') eq ($lines[$i + 1] // '');
    } elsif ($lines[$i] =~ /^(\d{3}) \| (.+?) \| (.+?) \|$/) {
      my ($code, $name, $meaning) = ($1, $2, $3);
      my $row = $row_of_code{$code};
      $rows++;
      if (!$row) { error("$where: $code has no row in codes.tsv"); next }
      error("$where: codes.tsv names $code '$row->{name}', the seed '$name'") if $row->{name} ne $name;
      error("$where: codes.tsv's meaning of $code differs from the seed's") if $row->{meaning} ne $meaning;
    } elsif ($lines[$i] =~ /^(\d{3}) vs (\d{3})\. (.+)$/) {
      $seed_notes++;
      error("$where: note '$1 vs $2' differs from notes.tsv") unless ($note_text{"$1 $2"} // '') eq $3;
    }
  }
  error("$DATA/seed.txt: read $headings headings, $seed_notes notes and $rows rows; expected 5, 2 and 40 or more")
    unless $headings == 5 && $seed_notes == 2 && $rows >= 40;
  error("$DATA/notes.tsv: " . scalar(@notes) . " notes, but the seed has $seed_notes")
    unless @notes == $seed_notes;
}

# ---- reverse lookup keys --------------------------------------------------

# The key a name is looked up by: ASCII letters folded to lower case, and
# spaces, '_', '-', apostrophes (' and U+2019) dropped. ext/status_lookup.c
# normalises its argument the same way.
sub name_key {
  my ($name) = @_;
  (my $key = $name) =~ s/[ _\-']|\xe2\x80\x99//g;
  $key =~ tr/A-Z/a-z/;
  return $key;
}

# The longest key ext/status_data.h makes room for.
my $KEY_MAX = 64;

# Preferred rows (by code), then aliases, then alternates: the first name
# with a key wins it; later names with the same key for another code are
# ambiguous and listed in the output.
my (%code_of_key, @ambiguous);
for my $entry ((map { [ $_->{name}, $_->{code}, 'row' ] } @codes),
               (map { [ $_->{name}, $_->{code}, 'alias' ] } @aliases),
               (map { [ $_->{name}, $_->{code}, 'alternate' ] } @alternates)) {
  my ($name, $code, $kind) = @$entry;
  my $key = name_key($name);
  error("name '$name' has no key") if $key eq '';
  error("name '$name' has a key longer than $KEY_MAX bytes") if length($key) > $KEY_MAX;
  if (!exists $code_of_key{$key}) {
    $code_of_key{$key} = $code;
  } elsif ($code_of_key{$key} != $code) {
    push @ambiguous, "'$name' ($kind of $code) reads as $code_of_key{$key}";
  }
}

# A 'Status' or 'HTTP' prefix is dropped only when the whole key is no name:
# no name's key may be another name's key with such a prefix, for another code.
for my $key (sort keys %code_of_key) {
  for my $prefix (qw(status http)) {
    next unless index($key, $prefix) == 0;
    my $rest = substr($key, length $prefix);
    error("key '$key' ($code_of_key{$key}) collides with '$rest' ($code_of_key{$rest}) once '$prefix' is dropped")
      if exists $code_of_key{$rest} && $code_of_key{$rest} != $code_of_key{$key};
  }
}

sub code_named {
  my $key = name_key($_[0]);
  for my $try ($key, ($key =~ /^status(.+)/ ? $1 : ()), ($key =~ /^http(.+)/ ? $1 : ())) {
    return $code_of_key{$try} if exists $code_of_key{$try};
  }
  return 0;
}

# Every library name reaches its code.
for my $library (sort keys %library_names) {
  for my $n (@{ $library_names{$library} }) {
    my $got = code_named($n->{name});
    error("$n->{where}: $library name '$n->{name}' reads as " . ($got || 'nothing') . ", expected $n->{code}")
      unless $got == $n->{code};
  }
}

if (@errors) {
  print STDERR "gen_data: $_\n" for @errors;
  die "gen_data: " . scalar(@errors) . " problem(s) in data/; nothing written\n";
}

# ---- ext/status_data.c ----------------------------------------------------

# A C string literal; bytes above 0x7f stay as they are (the file is UTF-8).
sub c_string {
  my ($s) = @_;
  $s =~ s/([\\"])/\\$1/g;
  $s =~ s/\?\?/?\\?/g;    # no trigraphs
  return "\"$s\"";
}
sub c_or_null { return $_[0] eq '' ? 'NULL' : c_string($_[0]) }

sub row_initializer {
  my ($r, $indent) = @_;
  return "{$r->{code}, TEXT(" . c_string("$r->{code} $r->{name}") . "),\n"
    . "$indent TEXT(" . c_string($r->{meaning}) . "),\n"
    . "$indent " . c_string($r->{source}) . ", " . c_string($r->{reference}) . ", "
    . c_or_null($r->{registry} // '') . "}";
}

sub generate_c {
  my @out;
  my $inputs = join(', ', @INPUTS) . '.';
  $inputs =~ s/(.{1,72})(?: |\z)/** $1\n/g;
  push @out, <<"END";
/*
** status_data.c: the data behind the httpstatus extension.
**
** Generated by tools/gen_data.pl from
$inputs** Do not edit: change the files in data/ and run `make data`
** (data/README.md says how). status_data.h describes the layout.
*/
/* clang-format off */
#include "status_data.h"

/* A string literal with its length, computed by the compiler. */
#define TEXT(s) {s, (int)sizeof(s) - 1}

/* The preferred meaning of each code, in the slot of its code. */
const struct http_status_row http_status_rows[HTTP_STATUS_SLOTS] = {
END
  push @out, "    [$_->{code} - HTTP_STATUS_MIN] = " . row_initializer($_, '       ') . ",\n" for @codes;
  push @out, "};\n\n/* Other sources' meanings of codes above, sorted by code, then source. */\n";
  push @out, "const struct http_status_row http_status_alternates[] = {\n";
  push @out, "    " . row_initializer($_, '    ') . ",\n" for @alternates;
  push @out, <<'END';
};
const int http_status_alternate_count =
    (int)(sizeof(http_status_alternates) / sizeof(http_status_alternates[0]));

/* Other names, sorted by code, then name. */
const struct http_status_alias http_status_aliases[] = {
END
  push @out, "    {$_->{code}, " . c_string($_->{name}) . ", " . c_string($_->{kind}) . ",\n     "
    . c_string($_->{reference}) . "},\n" for @aliases;
  push @out, <<'END';
};
const int http_status_alias_count =
    (int)(sizeof(http_status_aliases) / sizeof(http_status_aliases[0]));

/* The five classes, by first digit. */
const struct http_status_class http_status_classes[] = {
END
  push @out, "    {$_->{digit}, TEXT(" . c_string($_->{class}) . "),\n     "
    . c_string($_->{description}) . "},\n" for @classes;
  push @out, <<'END';
};
const int http_status_class_count =
    (int)(sizeof(http_status_classes) / sizeof(http_status_classes[0]));

/* Notes on codes that are often confused. */
const struct http_status_note http_status_notes[] = {
END
  push @out, "    {" . c_string($_->{title}) . ", $_->{first_code}, $_->{second_code},\n     "
    . c_string($_->{note}) . "},\n" for @notes;
  push @out, <<'END';
};
const int http_status_note_count = (int)(sizeof(http_status_notes) / sizeof(http_status_notes[0]));

/* Every source named by a row or an alternate, sorted by name. */
const struct http_status_source http_status_sources[] = {
END
  push @out, "    {" . c_string($_->{source}) . ",\n     " . c_string($_->{description}) . "},\n"
    for @sources;
  push @out, <<'END';
};
const int http_status_source_count =
    (int)(sizeof(http_status_sources) / sizeof(http_status_sources[0]));

/* The flag columns of each code with a row, as HTTP_STATUS_FLAG_* bits. */
const unsigned char http_status_flags[HTTP_STATUS_SLOTS] = {
END
  for my $r (@codes) {
    my @bits = map { "HTTP_STATUS_FLAG_" . uc $_ } grep { $r->{$_} } qw(cacheable no_content retryable redirect);
    push @out, "    [$r->{code} - HTTP_STATUS_MIN] = " . join(' | ', @bits) . ",\n" if @bits;
  }
  push @out, "};\n\n";
  push @out, "/* Reverse lookup: the key of every name (see http_status_code_named), sorted\n"
    . "** by key in byte order, with its code. Rows come first, then aliases, then\n"
    . "** alternates; a later name whose key is taken reads as the earlier one's code:\n";
  push @out, "**   $_\n" for @ambiguous;
  push @out, "*/\nconst struct http_status_key http_status_keys[] = {\n";
  push @out, "    {" . c_string($_) . ", $code_of_key{$_}},\n" for sort keys %code_of_key;
  push @out, <<'END';
};
const int http_status_key_count = (int)(sizeof(http_status_keys) / sizeof(http_status_keys[0]));
END
  return join('', @out);
}

sub write_file {
  my ($file, $text) = @_;
  open my $fh, '>:raw', "$file.tmp" or die "gen_data: $file.tmp: $!\n";
  print $fh $text or die "gen_data: $file.tmp: $!\n";
  close $fh or die "gen_data: $file.tmp: $!\n";
  rename "$file.tmp", $file or die "gen_data: $file: $!\n";
}

write_file($output, generate_c()) if defined $output;

# ---- export: CSV and JSON -------------------------------------------------

# Each table as the extension's SELECT * gives it: columns, then rows of
# [value, type] with type 'int', 'text' or 'null'.
sub tables {
  my @status_columns = qw(code name class meaning source reference registry cacheable no_content
    retryable redirect);
  my $status_row = sub {
    my ($r, $row) = @_;    # $row: the codes.tsv row of the code (flags)
    return ([ $r->{code}, 'int' ], (map { [ $r->{$_}, 'text' ] } qw(name)),
      [ $row->{class}, 'text' ], (map { [ $r->{$_}, 'text' ] } qw(meaning source reference)),
      [ $r->{registry} // '', ($r->{registry} // '') eq '' ? 'null' : 'text' ],
      map { [ $row->{$_}, 'int' ] } qw(cacheable no_content retryable redirect));
  };
  return (
    [ 'http_status', \@status_columns, [ map { [ $status_row->($_, $_) ] } @codes ] ],
    [ 'http_status_meanings', [ @status_columns, 'preferred' ],
      [ (map { [ $status_row->($_, $_), [ 1, 'int' ] ] } @codes),
        (map { [ $status_row->($_, $row_of_code{ $_->{code} }), [ 0, 'int' ] ] } @alternates) ] ],
    [ 'http_status_aliases', [qw(code name kind reference)],
      [ map { my $a = $_; [ [ $a->{code}, 'int' ], map { [ $a->{$_}, 'text' ] } qw(name kind reference) ] } @aliases ] ],
    [ 'http_status_classes', [qw(class family first_code last_code description)],
      [ map { [ [ $_->{class}, 'text' ], [ "$_->{digit}xx", 'text' ], [ $_->{digit} * 100, 'int' ],
                [ $_->{digit} * 100 + 99, 'int' ], [ $_->{description}, 'text' ] ] } @classes ] ],
    [ 'http_status_notes', [qw(title first_code second_code note)],
      [ map { [ [ $_->{title}, 'text' ], [ $_->{first_code}, 'int' ], [ $_->{second_code}, 'int' ],
                [ $_->{note}, 'text' ] ] } @notes ] ],
    [ 'http_status_sources', [qw(source description)],
      [ map { [ [ $_->{source}, 'text' ], [ $_->{description}, 'text' ] ] } @sources ] ],
  );
}

# RFC 4180: CRLF line ends, a header line, fields quoted when they hold a
# quote, comma, CR or LF; NULL is an empty field.
sub csv_field {
  my ($value, $type) = @{ $_[0] };
  return '' if $type eq 'null';
  return $value unless $value =~ /[",\r\n]/;
  return '"' . ($value =~ s/"/""/gr) . '"';
}

sub json_value {
  my ($value, $type) = @{ $_[0] };
  return 'null' if $type eq 'null';
  return $value if $type eq 'int';
  $value =~ s/(["\\])/\\$1/g;
  $value =~ s/([\x00-\x1f])/sprintf('\\u%04x', ord $1)/ge;
  return "\"$value\"";
}

if (defined $export) {
  -d $export or mkdir $export or die "gen_data: $export: $!\n";
  for my $table (tables()) {
    my ($name, $columns, $rows) = @$table;
    write_file("$export/$name.csv",
      join('', map { join(',', map { csv_field($_) } @$_) . "\r\n" }
        [ map { [ $_, 'text' ] } @$columns ], @$rows));
    write_file("$export/$name.json", "[\n" . join(",\n", map {
      my $row = $_;
      '  {' . join(', ', map { json_value([ $columns->[$_], 'text' ]) . ': ' . json_value($row->[$_]) }
        0 .. $#$columns) . '}'
    } @$rows) . "\n]\n");
  }
}
