#!/usr/bin/env perl
# Runs the console examples of docs/import.md and compares their output
# with the page's. A block whose info string is "console" holds commands
# ("$ " then a shell command line) each followed by the lines it prints
# (standard output and standard error, in order). The blocks run one after
# the other, in one empty directory that has the repository's data/ and
# where httpstatus-import and sqlite3 are the ones under test.
use strict;
use warnings;
use Cwd qw(getcwd);
use File::Temp qw(tempdir);
use lib 'tests';
use Tap;

my $repo = getcwd();
my $importer = $ENV{IMPORT_LOG} || '.build/httpstatus-import';
my $sqlite3 = $ENV{SQLITE3} || 'sqlite3';
$importer = "$repo/$importer" unless $importer =~ m{^/};
system('make', '-s', $importer) == 0 or die "cannot build $importer\n" unless -x $importer;

my (@commands, $block);
open my $fh, '<', 'docs/import.md' or die "docs/import.md: $!";
while (my $line = <$fh>) {
  chomp $line;
  if (!$block && $line =~ /^```console\s*$/) {
    $block = 1;
  } elsif ($block && $line =~ /^```\s*$/) {
    undef $block;
  } elsif ($block && $line =~ /^\$ (.*)$/) {
    push @commands, { command => $1, output => '', at => $. };
  } elsif ($block) {
    die "docs/import.md:$.: output before any command\n" unless @commands;
    $commands[-1]{output} .= "$line\n";
  }
}
close $fh;

print '1..', scalar(@commands) + 1, "\n";
result(@commands >= 10, 'docs/import.md has its examples (' . scalar(@commands) . ' commands)');

my $dir = tempdir(CLEANUP => 1);
mkdir "$dir/bin" or die;
symlink $importer, "$dir/bin/httpstatus-import" or die;
my $shell = $sqlite3 =~ m{/} ? $sqlite3 : `command -v '$sqlite3'`;
chomp $shell;
symlink $shell, "$dir/bin/sqlite3" or die;
mkdir "$dir/work" or die;
symlink "$repo/data", "$dir/work/data" or die;
chdir "$dir/work" or die;
local $ENV{PATH} = "$dir/bin:$ENV{PATH}";
for my $c (@commands) {
  my $got = `exec 2>&1; $c->{command}`;
  my $pass = $got eq $c->{output};
  result($pass, "docs/import.md:$c->{at}: \$ $c->{command}",
    $pass ? () : (map({ "     got: $_" } split /\n/, $got), map({ "expected: $_" } split /\n/, $c->{output})));
}
chdir $repo;
