#!/usr/bin/env perl
# log_counts.pl WHAT < LOG: counts in an access log, computed without SQLite
# or the extension, for the tests to compare against.
#
# A line is an entry when it matches the combined format, optionally followed
# by more fields, or the common format. WHAT is one of:
#   lines     every line            entries   lines that are entries
#   rejects   line numbers of the lines that are not entries, one a line
#   status    "CODE COUNT" per status code, by code
#   class     "CLASS COUNT" per status class name, by code
#   bytes     the sum of the bytes field ("-" is 0)
use strict;
use warnings;

my $what = shift // die "usage: $0 lines|entries|rejects|status|class|bytes < LOG\n";
my $q = qr/"((?:[^"\\]|\\.)*)"/;
my $combined = qr/^(\S+) (\S+) (\S+) \[([^\]]+)\] $q (\d{3}) (\d+|-) $q $q(?: .*)?$/;
my $common = qr/^(\S+) (\S+) (\S+) \[([^\]]+)\] $q (\d{3}) (\d+|-)$/;
my %names = (1 => 'Informational', 2 => 'Success', 3 => 'Redirection', 4 => 'Client Error',
             5 => 'Server Error');
my ($lines, $entries, $bytes, @rejects, %status, %class) = (0, 0, 0);
while (my $line = <STDIN>) {
  $lines++;
  $line =~ s/\r?\n\z//;
  if ($line =~ $combined || $line =~ $common) {
    my ($code, $size) = ($6, $7);
    $entries++;
    $status{$code}++;
    $class{ substr($code, 0, 1) }++;
    $bytes += $size eq '-' ? 0 : $size;
  } else {
    push @rejects, $lines;
  }
}
if ($what eq 'lines') { print "$lines\n" }
elsif ($what eq 'entries') { print "$entries\n" }
elsif ($what eq 'rejects') { print "$_\n" for @rejects }
elsif ($what eq 'status') { print "$_ $status{$_}\n" for sort keys %status }
elsif ($what eq 'class') { print "$names{$_} $class{$_}\n" for sort keys %class }
elsif ($what eq 'bytes') { print "$bytes\n" }
else { die "log_counts.pl: unknown count '$what'\n" }
