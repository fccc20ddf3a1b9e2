#!/usr/bin/env perl
# tools/gen_data.pl refuses bad data: each case copies data/, breaks one fact
# and expects the generator to fail with a message naming the problem.
use strict;
use warnings;
use File::Temp qw(tempdir);
use File::Copy qw(copy);

# [name, file, line edit (a substitution on the file's text), expected message]
my @cases = (
  [ 'a repeated code', 'codes.tsv', sub { s/^(404\t[^\n]*\n)/$1$1/m }, 'code out of order or repeated' ],
  [ 'a class off by one', 'codes.tsv', sub { s/^(404\tNot Found\t)Client Error/${1}Server Error/m },
    "class is 'Server Error', but code 404 is in 'Client Error'" ],
  [ 'an unknown source', 'codes.tsv', sub { s/^(499\t[^\t]*\t[^\t]*\t[^\t]*\t)nginx/${1}ngnix/m },
    "unknown source 'ngnix'" ],
  [ 'an empty reference', 'codes.tsv', sub { s/^(404(?:\t[^\t]*){4}\t)[^\t]*/$1/m }, 'reference is empty' ],
  [ 'a flag of 2', 'codes.tsv', sub { s/^(404(?:\t[^\t]*){6}\t)1/${1}2/m }, "cacheable is '2'" ],
  [ 'a registry state on a vendor code', 'codes.tsv', sub { s/^(499(?:\t[^\t]*){5}\t)/${1}permanent/m },
    'only IANA codes have a registry state' ],
  [ 'invalid UTF-8', 'meanings.tsv', sub { s/Checkpoint/Check\xffpoint/ }, 'name is not valid UTF-8' ],
  [ 'a name too long', 'aliases.tsv', sub { s/Switch Proxy/'Switch Proxy' x 5/e }, 'name is longer than 48 bytes' ],
  [ 'an unknown alias kind', 'aliases.tsv', sub { s/\tformer\t/\tformerly\t/ }, "unknown kind 'formerly'" ],
  [ 'a seed wording changed', 'codes.tsv', sub { s/Authentication required \(despite/Authentication needed (despite/ },
    "meaning of 401 differs from the seed's" ],
  [ 'a library name that reads as nothing', 'names/go.tsv', sub { s/^StatusTeapot\t/StatusTeaPots\t/m },
    "go name 'StatusTeaPots' reads as nothing, expected 418" ],
  [ 'a missing SOURCE line', 'names/rust.tsv', sub { s/^# SOURCE: .*\n//m }, "no '# SOURCE: ...' line" ],
);

print "1..", scalar(@cases) + 1, "\n";
my $n = 0;
my $tmp = tempdir(CLEANUP => 1);

sub copy_data {
  my ($dir) = @_;
  mkdir $dir; mkdir "$dir/names";
  for my $file (glob('data/*.tsv'), 'data/seed.txt', glob('data/names/*.tsv')) {
    (my $rel = $file) =~ s{^data/}{};
    copy($file, "$dir/$rel") or die "Bail out! copy $file: $!\n";
  }
}

sub run_generator {
  my ($dir) = @_;
  my $out = `perl tools/gen_data.pl --data '$dir' --output '$tmp/out.c' 2>&1`;
  return ($? >> 8, $out);
}

# The unchanged copy passes, so each failure below is the edit's.
copy_data("$tmp/clean");
my ($status, $out) = run_generator("$tmp/clean");
$n++;
print(($status == 0 ? 'ok' : 'not ok') . " $n - the unchanged data passes\n");
print map {"# $_\n"} split /\n/, $out if $status;

for my $case (@cases) {
  my ($name, $file, $edit, $expected) = @$case;
  my $dir = "$tmp/case$n";
  copy_data($dir);
  open my $in, '<:raw', "$dir/$file" or die "Bail out! $dir/$file: $!\n";
  local $_ = do { local $/; <$in> };
  close $in;
  my $before = $_;
  $edit->();
  die "Bail out! the edit for '$name' changed nothing\n" if $_ eq $before;
  open my $fh, '>:raw', "$dir/$file" or die "Bail out! $dir/$file: $!\n";
  print $fh $_;
  close $fh;
  my ($status, $out) = run_generator($dir);
  $n++;
  my $ok = $status != 0 && index($out, $expected) >= 0;
  print(($ok ? 'ok' : 'not ok') . " $n - $name is refused: $expected\n");
  print "#      got: exit $status: " . (split /\n/, $out)[0] . "\n# expected: $expected\n" unless $ok;
}
