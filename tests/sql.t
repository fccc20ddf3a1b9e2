#!/usr/bin/env perl
# Runs every script in sql/ and checks its results; those in sql/httplog/
# with httplog loaded too (HTTPLOG, the library without its suffix).
#
# A check is a statement on lines of its own starting with SELECT '<label>',
# whose three columns are the label, the value got and the value expected.
# Each check must return exactly one row with got and expected identical in
# type and value (the shell prints them in quote mode, so 404, '404', 404.0
# and NULL all differ). A check that returns no row, or two, fails; so does
# any error or output the script did not announce as a check.
use strict;
use warnings;
use lib 'tests';
use Tap;

my $sqlite3 = $ENV{SQLITE3} || 'sqlite3';
my $extension = $ENV{EXTENSION} || './httpstatus';
my $httplog = $ENV{HTTPLOG} || './httplog';
my @files = (sort(glob('sql/*.sql')), sort(glob('sql/httplog/*.sql')));

# Labels, per file, in order.
my %labels;
my $total = 0;
for my $file (@files) {
  open my $fh, '<', $file or die "$file: $!";
  my %seen;
  while (my $line = <$fh>) {
    next unless $line =~ /^SELECT '((?:[^']|'')+)'/;
    my $label = $1;
    die "$file: label '$label' is used twice\n" if $seen{$label}++;
    push @{ $labels{$file} }, $label;
  }
  $total += @{ $labels{$file} } + 1;    # one more: the script ran cleanly
}
print "1..$total\n";


# Splits one line of quote-mode output into its values.
sub values_of {
  my ($line) = @_;
  my @values;
  while ($line =~ /\G((?:'(?:[^']|'')*'|X'[0-9A-Fa-f]*'|[^,']*))(?:,|$)/gc) {
    push @values, $1;
    last if pos($line) >= length($line);
  }
  return @values;
}

for my $file (@files) {
  my $errors = "/tmp/httpstatus-sql.$$";
  my $load = $file =~ m{^sql/httplog/} ? "-cmd '.load $extension' -cmd '.load $httplog'"
                                          : "-cmd '.load $extension'";
  my @out = `'$sqlite3' -batch :memory: $load -cmd '.mode quote' < '$file' 2>'$errors'`;
  my $status = $? >> 8;
  open my $eh, '<', $errors;
  my @stderr = <$eh>;
  close $eh;
  unlink $errors;
  my (%rows, @stray);
  for my $line (@out) {
    chomp $line;
    my @v = values_of($line);
    if (@v == 3 && $v[0] =~ /^'(.*)'$/s) {
      (my $label = $1) =~ s/''/'/g;
      push @{ $rows{$label} }, [ $v[1], $v[2] ];
    } else {
      push @stray, $line;
    }
  }
  for my $label (@{ $labels{$file} }) {
    (my $sql_label = $label) =~ s/''/'/g;
    my $got = delete $rows{$sql_label} || [];
    if (@$got != 1) {
      result(0, "$file: $sql_label", "returned " . scalar(@$got) . " rows, expected exactly 1");
    } else {
      my ($value, $expected) = @{ $got->[0] };
      result($value eq $expected, "$file: $sql_label",
             $value eq $expected ? () : ("     got: $value", "expected: $expected"));
    }
  }
  push @stray, map { "row for unknown check '$_'" } sort keys %rows;
  result($status == 0 && !@stderr && !@stray, "$file: runs without errors or stray output",
         map { chomp; $_ } @stderr, @stray);
}
