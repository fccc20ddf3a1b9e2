#!/usr/bin/env perl
# Reverse lookup from the names programmers use: every constant of CPython's
# http.HTTPStatus, Go's net/http, Rust's http::StatusCode and Spring's
# HttpStatus (data/names/*.tsv) must give its code through
# http_status_code(), as written and lower-cased.
use strict;
use warnings;

my $sqlite3 = $ENV{SQLITE3} || 'sqlite3';
my $extension = $ENV{EXTENSION} || './httpstatus';

my @names;    # [library, name, code]
for my $file (sort glob 'data/names/*.tsv') {
  (my $library = $file) =~ s{.*/|\.tsv$}{}g;
  open my $fh, '<:raw', $file or die "Bail out! $file: $!\n";
  my $count = 0;
  while (my $line = <$fh>) {
    chomp $line;
    next if $line =~ /^#/ || $line eq "name\tcode";
    my ($name, $code) = split /\t/, $line;
    die "Bail out! $file: bad line '$line'\n" unless $name =~ /^\w+$/ && $code =~ /^\d{3}$/;
    push @names, [ $library, $name, $code ];
    $count++;
  }
  die "Bail out! $file: only $count names\n" unless $count >= 60;
}
die "Bail out! expected 4 lists in data/names/\n" unless 4 == keys %{ { map { ($_->[0] => 1) } @names } };

# One query for all: the names are identifiers, safe inside quotes.
my $sql = join(";\n", map { "SELECT http_status_code('$_->[1]'), http_status_code(lower('$_->[1]'))" } @names);
open my $in, '-|', $sqlite3, '-batch', '-separator', ' ', '-nullvalue', 'NULL', '-cmd', ".load $extension", ':memory:', $sql
  or die "Bail out! cannot run $sqlite3\n";
my @answers = map { chomp; $_ } <$in>;
close $in or die "Bail out! $sqlite3 failed\n";
die "Bail out! got " . scalar(@answers) . " answers for " . scalar(@names) . " names\n"
  unless @answers == @names;

print "1..", scalar(@names), "\n";
for my $i (0 .. $#names) {
  my ($library, $name, $code) = @{ $names[$i] };
  my $ok = $answers[$i] eq "$code $code";
  print(($ok ? 'ok' : 'not ok') . " " . ($i + 1) . " - $library $name is $code\n");
  print "#      got: $answers[$i]\n# expected: $code $code\n" unless $ok;
}
