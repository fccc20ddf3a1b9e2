#!/usr/bin/env perl
# The tables against the files the data was written from:
#   data/seed.txt   the user's reference page: every row's name, meaning and
#                   class heading, each class's paragraph, the two notes;
#   data/codes.tsv and data/meanings.tsv
#                   every IANA and vendor (code, source) with its name, class,
#                   meaning, reference, registry state and (codes.tsv) flags.
# Texts are compared byte for byte (as hex from SQLite), so a changed
# apostrophe or dash fails.
use strict;
use warnings;

my $sqlite3 = $ENV{SQLITE3} || 'sqlite3';
my $extension = $ENV{EXTENSION} || './httpstatus';

sub slurp_lines {
  my ($file) = @_;
  open my $fh, '<:raw', $file or die "Bail out! $file: $!\n";
  my @lines = <$fh>;
  s/\r?\n\z// for @lines;
  return @lines;
}

# ---- the seed page --------------------------------------------------------

# The seed's headings say "Client errors"; the class names are singular.
my %class_of_heading = (
  'Informational' => 'Informational',
  'Success'       => 'Success',
  'Redirection'   => 'Redirection',
  'Client errors' => 'Client Error',
  'Server errors' => 'Server Error',
);

my (@seed_rows, %seed_name, @headings, @notes);
{
  my @lines = slurp_lines('data/seed.txt');
  my $heading;
  for my $i (0 .. $#lines) {
    my $line = $lines[$i];
    if ($line =~ /^([1-5])xx \x{e2}\x{80}\x{94} (.+)$/) {    # "1xx — Informational"
      die "Bail out! unknown class heading '$2'\n" unless exists $class_of_heading{$2};
      $heading = { digit => $1, class => $class_of_heading{$2}, text => $lines[$i + 1] };
      push @headings, $heading;
    } elsif ($line =~ /^(\d{3}) \| (.+?) \| (.+?) \|$/) {
      die "Bail out! row $1 comes before any class heading\n" unless $heading;
      push @seed_rows, { code => $1, name => $2, meaning => $3, heading => $heading };
      $seed_name{$1} = $2;
    } elsif ($line =~ /^(\d{3}) vs (\d{3})\. (.+)$/) {
      push @notes, { first => $1, second => $2, text => $3 };
    }
  }
}
# The page has five headings, each followed by a table, and two notes: a
# parser that finds less has misread it.
die "Bail out! seed: found " . scalar(@headings) . " class headings, expected 5\n"
  unless @headings == 5;
die "Bail out! seed: found " . scalar(@notes) . " notes, expected 2\n" unless @notes == 2;
die "Bail out! seed: only " . scalar(@seed_rows) . " rows\n" unless @seed_rows >= 40;

# ---- data/codes.tsv and data/meanings.tsv ---------------------------------

# Rows of a TSV file whose header must be exactly @columns.
sub read_tsv {
  my ($file, @columns) = @_;
  my @lines = slurp_lines($file);
  my $header = shift @lines;
  die "Bail out! $file: unexpected header '$header'\n" unless $header eq join("\t", @columns);
  my @rows;
  for my $line (@lines) {
    next if $line eq '';
    my @fields = split /\t/, $line, -1;
    die "Bail out! $file: bad line '$line'\n" unless @fields == @columns && $fields[0] =~ /^\d{3}$/;
    push @rows, { map { ($columns[$_] => $fields[$_]) } 0 .. $#columns };
  }
  return @rows;
}

# codes.tsv holds the preferred meaning of each code with its flags,
# meanings.tsv the other sources' meanings.
my @tsv = ((map { { %$_, preferred => 1 } }
            read_tsv('data/codes.tsv', qw(code name class meaning source reference registry
                                          cacheable no_content retryable redirect note))),
           (map { { %$_, preferred => 0 } }
            read_tsv('data/meanings.tsv', qw(code name meaning source reference note))));
my %preferred_tsv = map { ($_->{code} => $_) } grep { $_->{preferred} } @tsv;
$_->{class} //= $preferred_tsv{ $_->{code} }{class} for @tsv;

# ---- what the extension says ---------------------------------------------

sub hex_of { return uc unpack('H*', $_[0]) }
sub text_of { return pack('H*', $_[0]) }

# Runs one query; every column is selected as hex() so that no byte is lost.
sub query {
  my ($sql) = @_;
  open my $in, '-|', $sqlite3, '-batch', '-separator', "\t", ':memory:', '-cmd',
    ".load $extension", $sql
    or die "Bail out! cannot run $sqlite3: $!\n";
  binmode $in;
  my @rows;
  while (my $line = <$in>) {
    chomp $line;
    push @rows, [ split /\t/, $line, -1 ];
  }
  close $in or die "Bail out! $sqlite3 failed on: $sql\n";
  return @rows;
}

my %status;    # code -> { name, class, meaning, source, type }
for my $r (query("SELECT code, typeof(code), hex(name), hex(class), hex(meaning), hex(source),"
                 . " cacheable, no_content, retryable, redirect FROM http_status")) {
  $status{ $r->[0] } = { type => $r->[1], name => text_of($r->[2]), class => text_of($r->[3]),
                         meaning => text_of($r->[4]), source => text_of($r->[5]),
                         cacheable => $r->[6], no_content => $r->[7], retryable => $r->[8],
                         redirect => $r->[9] };
}
my %meanings;    # "code source" -> { name, class, meaning, reference, registry, preferred }
for my $r (query("SELECT code, hex(source), hex(name), hex(class), hex(reference),"
                 . " quote(registry), preferred, hex(meaning) FROM http_status_meanings")) {
  my $key = $r->[0] . ' ' . text_of($r->[1]);
  $meanings{$key} = { name => text_of($r->[2]), class => text_of($r->[3]),
                      reference => text_of($r->[4]), registry => $r->[5], preferred => $r->[6],
                      meaning => text_of($r->[7]) };
}
my %aliases;    # code -> { name => kind }
for my $r (query("SELECT code, hex(name), kind FROM http_status_aliases")) {
  $aliases{ $r->[0] }{ text_of($r->[1]) } = $r->[2];
}
my %class_description;
for my $r (query("SELECT hex(class), hex(description), family FROM http_status_classes")) {
  $class_description{ text_of($r->[0]) } = [ text_of($r->[1]), $r->[2] ];
}
my %note_text;
for my $r (query("SELECT first_code, second_code, hex(note), hex(title) FROM http_status_notes")) {
  $note_text{"$r->[0] $r->[1]"} = [ text_of($r->[2]), text_of($r->[3]) ];
}

# ---- the checks ------------------------------------------------------------

my $planned = @seed_rows + @headings + @notes + @tsv + 4;
print "1..$planned\n";
my $n = 0;
sub check {
  my ($problems, $name) = @_;
  $n++;
  print((@$problems ? 'not ok' : 'ok') . " $n - $name\n");
  print "# $_\n" for @$problems;
}
sub differ {
  my ($what, $got, $expected) = @_;
  return () if defined $got && $got eq $expected;
  return ("$what differs", "     got: " . (defined $got ? $got : '(none)'),
          "expected: $expected");
}

# Seed rows: name, meaning and class exactly as on the page.
for my $seed (@seed_rows) {
  my $code = $seed->{code};
  my $row = $status{$code};
  my @problems;
  if (!$row) {
    @problems = ("no row for $code in http_status");
  } else {
    push @problems, "code is $row->{type}, not integer" unless $row->{type} eq 'integer';
    push @problems, differ('name', $row->{name}, $seed->{name});
    push @problems, differ('meaning', $row->{meaning}, $seed->{meaning});
    push @problems, differ('class', $row->{class}, $seed->{heading}{class});
    push @problems, "under heading $seed->{heading}{digit}xx" unless substr($code, 0, 1) eq $seed->{heading}{digit};
  }
  check(\@problems, "seed $code $seed->{name}");
}

# Class headings: the paragraph under each is the class's description.
for my $heading (@headings) {
  my $got = $class_description{ $heading->{class} };
  my @problems = $got
    ? (differ('description', $got->[0], $heading->{text}),
       differ('family', $got->[1], "$heading->{digit}xx"))
    : ("no class '$heading->{class}' in http_status_classes");
  check(\@problems, "class $heading->{digit}xx $heading->{class}: description");
}

# The notes, by their two codes.
for my $note (@notes) {
  my $got = $note_text{"$note->{first} $note->{second}"};
  my @problems = $got
    ? (differ('note', $got->[0], $note->{text}),
       differ('title', $got->[1], "$note->{first} vs $note->{second}"))
    : ("no note for $note->{first} and $note->{second}");
  check(\@problems, "note $note->{first} vs $note->{second}");
}

# Every (code, source) of the two files has its meaning with the same name,
# class, meaning, reference and registry state, and the row of codes.tsv is
# the preferred one; IANA's meaning is never an alternate.
for my $t (@tsv) {
  my $key = "$t->{code} $t->{source}";
  my $got = $meanings{$key};
  my @problems;
  if (!$got) {
    @problems = ("no ($t->{code}, $t->{source}) in http_status_meanings");
  } else {
    push @problems, differ('name', $got->{name}, $t->{name});
    push @problems, differ('class', $got->{class}, $t->{class});
    push @problems, differ('meaning', $got->{meaning}, $t->{meaning});
    push @problems, differ('reference', $got->{reference}, $t->{reference});
    push @problems, differ('registry', $got->{registry},
                           ($t->{registry} // '') eq '' ? 'NULL' : "'$t->{registry}'");
    push @problems, differ('preferred', $got->{preferred}, $t->{preferred});
    push @problems, "an IANA meaning is not the preferred one" if $t->{source} eq 'iana' && !$t->{preferred};
  }
  if ($t->{preferred}) {
    my $row = $status{ $t->{code} };
    for my $flag (qw(cacheable no_content retryable redirect)) {
      push @problems, differ("http_status.$flag", $row ? $row->{$flag} : undef, $t->{$flag});
    }
  }
  check(\@problems, ($t->{preferred} ? 'codes.tsv' : 'meanings.tsv') . " $t->{code} $t->{source}: $t->{name}");
}

# Nothing beyond the files: the tables hold no code, meaning or note that
# they do not list.
{
  my %tsv_key = map { ("$_->{code} $_->{source}" => 1) } @tsv;
  my @extra = grep { !$tsv_key{$_} } sort keys %meanings;
  check([ map {"($_) is in http_status_meanings but in neither codes.tsv nor meanings.tsv"} @extra ],
        'every meaning comes from codes.tsv or meanings.tsv');
  my %codes = map { ($_->{code} => 1) } @tsv;
  my @missing = grep { !$status{$_} } sort keys %codes;
  my @unlisted = grep { !$codes{$_} } sort keys %status;
  check([ (map {"$_ is in codes.tsv but not in http_status"} @missing),
          (map {"$_ is in http_status but not in codes.tsv"} @unlisted) ],
        'http_status has exactly the codes of codes.tsv, once each');
  check([ map {"class '$_' has no heading in the seed"}
          grep { my $c = $_; !grep { $_->{class} eq $c } @headings } sort keys %class_description ],
        'http_status_classes has no class the seed lacks');
  my %seed_notes = map { ("$_->{first} $_->{second}" => 1) } @notes;
  check([ map {"note ($_) is not in the seed"} grep { !$seed_notes{$_} } sort keys %note_text ],
        'http_status_notes has no note the seed lacks');
}
