#!/usr/bin/env perl
# Runs every example of docs/logs.md (or of DOCS_PAGE) and compares its output
# with the page's.
#
# An example is a fenced block whose info string is "sql": lines starting
# with "sqlite> " are input (to a fresh in-memory database with httpstatus
# and httplog loaded, run from the top of the tree), the other lines the
# output the shell must print for them, exactly.
use strict;
use warnings;

my $sqlite3 = $ENV{SQLITE3} || 'sqlite3';
my $extension = $ENV{EXTENSION} || './httpstatus';
my $httplog = $ENV{HTTPLOG} || './httplog';
my $page = $ENV{DOCS_PAGE} || 'docs/logs.md';

my (@blocks, $block);
open my $fh, '<', $page or die "$page: $!";
while (my $line = <$fh>) {
  chomp $line;
  if (!$block && $line =~ /^```sql\s*$/) {
    $block = { start => $., input => '', output => '' };
  } elsif ($block && $line =~ /^```\s*$/) {
    push @blocks, $block;
    undef $block;
  } elsif ($block) {
    if ($line =~ /^sqlite> (.*)$/) {
      $block->{input} .= "$1\n";
    } else {
      $block->{output} .= "$line\n";
    }
  }
}
close $fh;
die "$page: no examples\n" unless @blocks;

print "1..", scalar(@blocks), "\n";
my $n = 0;
for my $b (@blocks) {
  $n++;
  my $input = "/tmp/httplog-docs.$$";
  open my $in, '>', $input or die "$input: $!";
  print $in $b->{input};
  close $in;
  my $got = `'$sqlite3' -batch :memory: -cmd '.load $extension' -cmd '.load $httplog' < '$input' 2>&1`;
  unlink $input;
  if ($got eq $b->{output}) {
    print "ok $n - $page line $b->{start}\n";
  } else {
    print "not ok $n - $page line $b->{start}\n";
    print map { "#      got: $_\n" } split /\n/, $got;
    print map { "# expected: $_\n" } split /\n/, $b->{output};
  }
}
