#!/usr/bin/env perl
# make export: every table written by tools/gen_data.pl --export as CSV and
# JSON holds exactly what SELECT * on the extension's table gives, row by
# row and column by column.
use strict;
use warnings;
use File::Temp qw(tempdir);
use JSON::PP;

my $sqlite3 = $ENV{SQLITE3} || 'sqlite3';
my $extension = $ENV{EXTENSION} || './httpstatus';
my @tables = qw(http_status http_status_meanings http_status_aliases http_status_classes
  http_status_notes http_status_sources);
my $NULL = "\x01NULL\x01";    # how the shell prints NULL here

# RFC 4180 records: quoted fields may hold commas, quotes ("") and newlines.
sub parse_csv {
  my ($text) = @_;
  my (@rows, @row, $field);
  while (length $text) {
    if ($text =~ s/^"((?:[^"]|"")*)"//) { ($field = $1) =~ s/""/"/g }
    elsif ($text =~ s/^([^,\r\n]*)//) { $field = $1 }
    push @row, $field;
    if ($text =~ s/^,//) { next }
    $text =~ s/^\r?\n// or die "Bail out! bad CSV near: " . substr($text, 0, 40) . "\n";
    push @rows, [@row];
    @row = ();
  }
  return \@rows;
}

sub slurp {
  my ($file) = @_;
  open my $fh, '<:raw', $file or die "Bail out! $file: $!\n";
  local $/;
  return scalar <$fh>;
}

my $dir = tempdir(CLEANUP => 1);
system('perl', 'tools/gen_data.pl', '--export', $dir) == 0
  or die "Bail out! tools/gen_data.pl --export failed\n";

print "1..", 2 * @tables, "\n";
my $n = 0;
sub check {
  my ($problems, $name) = @_;
  $n++;
  print((@$problems ? 'not ok' : 'ok') . " $n - $name\n");
  print "# $_\n" for @$problems[0 .. ($#$problems < 5 ? $#$problems : 5)];
}

for my $table (@tables) {
  open my $in, '-|', $sqlite3, '-batch', '-csv', '-header', '-cmd', ".load $extension", '-cmd',
    ".nullvalue $NULL", ':memory:', "SELECT * FROM $table"
    or die "Bail out! cannot run $sqlite3\n";
  binmode $in;
  my $sql = parse_csv(do { local $/; <$in> });
  close $in or die "Bail out! $sqlite3 failed on $table\n";
  my $header = $sql->[0];

  # CSV: the same header and rows, NULL as an empty field.
  my $csv = parse_csv(slurp("$dir/$table.csv"));
  my @problems;
  push @problems, "got " . (@$csv - 1) . " rows, expected " . (@$sql - 1) if @$csv != @$sql;
  for my $i (0 .. $#$sql) {
    my $want = join("\t", map { $_ eq $NULL ? '' : $_ } @{ $sql->[$i] });
    my $got = join("\t", @{ $csv->[$i] // [] });
    push @problems, "line $i:", "     got: $got", "expected: $want" if $got ne $want;
  }
  check(\@problems, "$table.csv is SELECT * FROM $table");

  # JSON: one object per row with the same values; NULL as null, integers as numbers.
  my $json = JSON::PP->new->decode(slurp("$dir/$table.json"));
  @problems = ();
  push @problems, "got " . scalar(@$json) . " objects, expected " . (@$sql - 1)
    if @$json != @$sql - 1;
  for my $i (1 .. $#$sql) {
    for my $c (0 .. $#$header) {
      my ($want, $value) = ($sql->[$i][$c], $json->[$i - 1]{ $header->[$c] });
      my $got = !defined $value ? $NULL : $value;
      push @problems, "row $i, $header->[$c]: got '$got', expected '$want'" if $got ne $want;
    }
  }
  check(\@problems, "$table.json is SELECT * FROM $table");
}
