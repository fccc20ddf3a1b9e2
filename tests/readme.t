#!/usr/bin/env perl
# Runs every example in the documentation (README.md, docs/*.md,
# data/README.md) and compares its output with the document's.
#
# An example is a fenced block whose info string is "sql" (a fresh in-memory
# database with the extension loaded) or "sql demo" (the database make demo
# builds, at $DEMO_DB). In the block, lines starting with "sqlite> " are
# input, continued by lines starting with "   ...> "; the other lines are the
# output the shell must print for them, exactly.
use strict;
use warnings;
use lib 'tests';
use Tap;

my $sqlite3 = $ENV{SQLITE3} || 'sqlite3';
my $extension = $ENV{EXTENSION} || './httpstatus';
my $demo_db = $ENV{DEMO_DB} || '.build/demo.db';
# docs/logs.md needs httplog loaded too: tests/httplog_docs.t runs it.
my @documents = grep { -f && $_ ne 'docs/logs.md' } ('README.md', sort(glob 'docs/*.md'), 'data/README.md');

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
# "<!-- examples: sqlite3 3.40 -->": other shells draw boxes and word errors
# differently, so with them the examples are skipped.
my ($written_with) = do { local (@ARGV, $/) = ('README.md'); <> } =~ /<!-- examples: sqlite3 (\d+\.\d+) -->/;
die "README.md has no '<!-- examples: sqlite3 X.Y -->' marker\n" unless $written_with;
my ($version) = `'$sqlite3' --version` =~ /^(\d+\.\d+)/;
my $other_shell = !defined $version || $version ne $written_with;

print "1..", scalar(@blocks), "\n";
my $n = 0;
for my $b (@blocks) {
  $n++;
  my $name = "$b->{file} line $b->{start}" . ($b->{db} ? " ($b->{db} database)" : '');
  if ($other_shell) {
    print "ok $n # SKIP the documents' output is that of the sqlite3 $written_with shell\n";
    next;
  }
  my ($db, $flags) = (':memory:', '');
  if ($b->{db} eq 'demo') {
    $flags = '-readonly';
    $db = $demo_db;
    if (!$db || !-f $db) {
      print "not ok $n - $name\n# no demo database at '$db' (set DEMO_DB; make test builds it)\n";
      next;
    }
  } elsif ($b->{db} ne '') {
    print "not ok $n - $name\n# unknown database '$b->{db}'\n";
    next;
  }
  my $input = "/tmp/httpstatus-readme.$$";
  open my $in, '>', $input or die "$input: $!";
  print $in $b->{input};
  close $in;
  my $got = `'$sqlite3' -batch $flags '$db' -cmd '.load $extension' < '$input' 2>&1`;
  unlink $input;
  if ($got eq $b->{output}) {
    print "ok $n - $name\n";
  } else {
    print "not ok $n - $name\n";
    print map { "#      got: $_\n" } split /\n/, $got;
    print map { "# expected: $_\n" } split /\n/, $b->{output};
  }
}
