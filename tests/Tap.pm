# tests/Tap.pm: TAP output for the Perl test scripts (the shell ones use
# tests/lib.sh). Print the plan yourself, then call result() once per test.
package Tap;
use strict;
use warnings;
use Exporter 'import';
our @EXPORT = qw(result);

my $count = 0;

# result(PASS, NAME, DIAGNOSTICS...): prints "ok N - NAME" or "not ok N - NAME"
# followed by each diagnostic line as a TAP comment.
sub result {
  my ($pass, $name, @diag) = @_;
  $count++;
  print(($pass ? 'ok' : 'not ok') . " $count - $name\n");
  print "# $_\n" for @diag;
  return $pass;
}

1;
