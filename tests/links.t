#!/usr/bin/env perl
# Every relative link in the documentation (README.md, docs/*.md,
# data/README.md) points to a file that exists, and a link with a #fragment
# to a heading of that file, by GitHub's rule for heading anchors (lower
# case, punctuation other than "-" and "_" dropped, spaces made "-").
use strict;
use warnings;
use lib 'tests';
use Tap;
use File::Basename qw(dirname);
use File::Spec;

my @documents = grep { -f } ('README.md', sort(glob 'docs/*.md'), 'data/README.md');

# anchors(FILE): the set of anchors its headings define.
my %anchors;
sub anchors {
  my ($file) = @_;
  return $anchors{$file} if $anchors{$file};
  my (%set, %seen, $fence);
  open my $fh, '<', $file or die "$file: $!";
  while (my $line = <$fh>) {
    $fence = !$fence if $line =~ /^```/;
    next if $fence || $line !~ /^#{1,6}\s+(.*?)\s*$/;
    my $slug = lc $1;
    $slug =~ s/[^\w\- ]//g;
    $slug =~ s/ /-/g;
    my $anchor = $seen{$slug}++ ? "$slug-" . ($seen{$slug} - 1) : $slug;
    $set{$anchor} = 1;
  }
  close $fh;
  return $anchors{$file} = \%set;
}

my @links;
for my $document (@documents) {
  open my $fh, '<', $document or die "$document: $!";
  my $fence;
  while (my $line = <$fh>) {
    $fence = !$fence if $line =~ /^```/;
    next if $fence;
    while ($line =~ /\]\(([^)\s]+)\)/g) {
      my $target = $1;
      next if $target =~ m{^[a-z]+:};    # http:, https:, mailto:
      push @links, [$document, $., $target];
    }
  }
  close $fh;
}

print '1..', scalar(@links), "\n";
for my $link (@links) {
  my ($document, $line, $target) = @$link;
  my ($path, $fragment) = split /#/, $target, 2;
  my $file = $path eq '' ? $document : File::Spec->catfile(dirname($document), $path);
  my $name = "$document line $line: $target";
  if (!-e $file) {
    result(0, $name, "      got: no file $file", " expected: an existing file");
  } elsif (defined $fragment && !anchors($file)->{$fragment}) {
    result(0, $name, "      got: no heading with anchor #$fragment in $file",
      " expected: one of " . join(' ', sort keys %{ anchors($file) }));
  } else {
    result(1, $name);
  }
}
