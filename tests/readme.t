#!/usr/bin/env perl
# Runs every example in the documentation (README.md, docs/*.md,
# data/README.md) and compares its output with the document's.
#
# An example is a fenced block whose info string is "sql" (a fresh in-memory
# database with the three libraries, httpstatus, httplog and httpagent,
# loaded) or "sql demo"
# (the database make demo builds, at $DEMO_DB). In the block, lines starting with "sqlite> " are
# input, continued by lines starting with "   ...> "; the other lines are the
# output the shell must print for them, exactly.
use strict;
use warnings;
use lib 'tests';
use Tap;

my $sqlite3 = $ENV{SQLITE3} || 'sqlite3';
my $extension = $ENV{EXTENSION} || './httpstatus';
my $httplog = $ENV{HTTPLOG} || './httplog';
my $httpagent = $ENV{HTTPAGENT} || './httpagent';
my $demo_db = $ENV{DEMO_DB} || '.build/demo.db';
my @documents = grep { -f } ('README.md', sort(glob 'docs/*.md'), 'data/README.md');

my @blocks;
for my $document (@documents) {
  my $block;
  open my $fh, '<', $document or die "$document: $!";
  while (my $line = <$fh>) {
    chomp $line;
    if (!$block && $line =~ /^```sql(?:\s+(\w+))?\s*$/) {
      $block = { file => $document, db => $1 || '', start => $., input => '', output => '' };
    } elsif ($block && $line =~ /^```\s*$/) {
      push @blocks, $block;
      undef $block;
    } elsif ($block) {
      if ($line =~ /^sqlite> (.*)$/) {
        $block->{input} .= "$1\n";
      } elsif ($line =~ /^   \.\.\.> (.*)$/) {
        $block->{input} .= "$1\n";
      } else {
        $block->{output} .= "$line\n";
      }
    }
  }
  close $fh;
}

# The outputs are those of the shell named by the README's marker
# "<!-- examples: sqlite3 3.40 -->", and with that shell they must match
# byte for byte. Other shells print the same answers in another dress: box
# mode came with 3.33 and its corners, alignment and widths have changed
# since; errors start "Runtime error near line N:", "Error near line N:" or
# "Error: near line N:". With those shells both outputs are normalised
# (normalise() below) and then compared; nothing the extension answers is
# changed. A shell without box mode runs box blocks in list mode with "│"
# between the fields and the header line on, which normalises alike.
my ($written_with) = do { local (@ARGV, $/) = ('README.md'); <> } =~ /<!-- examples: sqlite3 (\d+\.\d+) -->/;
die "README.md has no '<!-- examples: sqlite3 X.Y -->' marker\n" unless $written_with;
my ($version) = `'$sqlite3' --version` =~ /^(\d+\.\d+)/;
$version = '(unknown)' unless defined $version;
my $exact = $version eq $written_with;
my $has_box = system("'$sqlite3' -box :memory: 'SELECT 1' >/dev/null 2>&1") == 0;

# Box drawing and error prefixes made alike: border lines dropped, each row
# of cells (box "│ a │ b │" or list "a│b") trimmed and joined with "|".
sub normalise {
  my ($text) = @_;
  my @out;
  for my $line (split /\n/, $text, -1) {
    next if $line =~ /^(?:┌|├|└|╭|╞|╰)/;    # alternation: the file is read as bytes
    if ($line =~ /│/) {
      $line =~ s/^│(.*)│\s*$/$1/;    # a box row; a list row has no outer bars
      $line = join '|', map { s/^\s+|\s+$//gr } split /│/, $line, -1;
    }
    $line =~ s/^(?:Parse error|Runtime error|Error:?) near line (\d+): /Error near line $1: /;
    push @out, $line;
  }
  return join "\n", @out;
}

# The input for a shell without box mode: list mode, "│" between fields.
sub without_box {
  my ($input) = @_;
  $input =~ s/^\.mode box\s*$/.mode list\n.headers on\n.separator │/mg;
  $input =~ s/^(\.mode (?!box\b).*)$/.headers off\n.separator |\n$1/mg;
  return $input;
}

print "1..", scalar(@blocks), "\n";
for my $b (@blocks) {
  my $name = "$b->{file} line $b->{start}" . ($b->{db} ? " ($b->{db} database)" : '')
    . ($exact ? '' : " (sqlite3 $version, normalised)");
  my ($db, $flags) = (':memory:', '');
  if ($b->{db} eq 'demo') {
    $flags = '-readonly';
    $db = $demo_db;
    if (!$db || !-f $db) {
      result(0, $name, "no demo database at '$db' (set DEMO_DB; make test builds it)");
      next;
    }
  } elsif ($b->{db} ne '') {
    result(0, $name, "unknown database '$b->{db}'");
    next;
  }
  my $input = "/tmp/httpstatus-readme.$$";
  open my $in, '>', $input or die "$input: $!";
  print $in ($has_box ? $b->{input} : without_box($b->{input}));
  close $in;
  my $got = `'$sqlite3' -batch $flags '$db' -cmd '.load $extension' -cmd '.load $httplog' -cmd '.load $httpagent' < '$input' 2>&1`;
  unlink $input;
  my $expected = $b->{output};
  ($got, $expected) = (normalise($got), normalise($expected)) unless $exact;
  my $pass = $got eq $expected;
  result($pass, $name, $pass ? () : ((map {"     got: $_"} split /\n/, $got),
    (map {"expected: $_"} split /\n/, $expected)));
}
