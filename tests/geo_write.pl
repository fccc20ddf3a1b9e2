#!/usr/bin/perl
# Writes the MaxMind DBs tests/httplog_geo.t reads, with Debian's
# libmaxmind-db-writer-perl:
#   DIR/types.mmdb  IPv6 (IPv4 aliased), a network for each MaxMind DB type
#                   and for nested maps and arrays
#   DIR/v4.mmdb     IPv4 only, 32-bit records
#   DIR/many.mmdb   IPv6, 28-bit records, 512 /24 and /64 networks with
#                   varied records (for lookups over many addresses)
# and for each, DIR/NAME.networks: the networks inserted, one a line.
#
#   perl tests/geo_write.pl DIR
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;
use Math::BigInt;

my $dir = shift or die "usage: geo_write.pl DIR\n";

my %types = (
  text => 'utf8_string', double => 'double', float => 'float', bytes => 'bytes',
  u16 => 'uint16', u32 => 'uint32', i32 => 'int32', u64 => 'uint64', u128 => 'uint128',
  flag => 'boolean', list => ['array', 'uint32'], nested => 'map', inner => ['array', 'map'],
  name => 'utf8_string', code => 'utf8_string', n => 'uint32', country => 'map',
  iso_code => 'utf8_string', names => 'map', en => 'utf8_string', quote => 'utf8_string',
);
my $type = sub { $types{ $_[0] } // die "geo_write: no type for $_[0]\n" };

sub tree {
  my (%args) = @_;
  my $tree = MaxMind::DB::Writer::Tree->new(
    database_type => 'httpstatus-Test', languages => ['en'],
    description => { en => 'httpstatus test database' }, map_key_type_callback => $type,
    remove_reserved_networks => 0, %args);
  # a fixed build time: the same bytes on every run
  $tree->_set_build_epoch(1577836800);
  return $tree;
}

# The networks inserted, by file, for DIR/NAME.networks.
my %networks;
sub insert {
  my ($tree, $name, $network, $record) = @_;
  $tree->insert_network($network, $record);
  push @{ $networks{$name} }, $network;
}

sub write_tree {
  my ($tree, $name) = @_;
  open my $list, '>', "$dir/$name.networks" or die "geo_write: $dir/$name.networks: $!\n";
  print $list map { "$_\n" } @{ $networks{$name} };
  close $list or die "geo_write: $dir/$name.networks: $!\n";
  open my $fh, '>:raw', "$dir/$name" or die "geo_write: $dir/$name: $!\n";
  $tree->write_tree($fh);
  close $fh or die "geo_write: $dir/$name: $!\n";
}

my $types = tree(ip_version => 6, record_size => 24, alias_ipv6_to_ipv4 => 1);
insert($types, 'types.mmdb', '10.0.1.0/24', { text => "caf\x{e9} \"quoted\" \\ back\nslash", u16 => 65535 });
insert($types, 'types.mmdb', '10.0.2.0/24', { double => -1234.5678, float => 0.25 });
insert($types, 'types.mmdb', '10.0.3.0/24', { bytes => "\x00\x01\xfe\xff", flag => 1 });
insert($types, 'types.mmdb', '10.0.4.0/24', { u32 => 4294967295, i32 => -2147483648 });
insert($types, 'types.mmdb', '10.0.5.0/24',
  { u64 => Math::BigInt->new('18446744073709551615'), u128 => Math::BigInt->new('340282366920938463463374607431768211455') });
insert($types, 'types.mmdb', '10.0.6.0/24', { u64 => Math::BigInt->new('9223372036854775807'), u128 => 0 });
insert($types, 'types.mmdb', '10.0.7.0/24',
  { list => [1, 2, 3], nested => { inner => [{ name => 'a' }, { name => 'b', code => 'x' }] } });
insert($types, 'types.mmdb', '10.0.8.0/24', { flag => 0, list => [], text => '' });
insert($types, 'types.mmdb', '2001:db8:1::/48', { country => { iso_code => 'NZ', names => { en => 'New Zealand' } } });
write_tree($types, 'types.mmdb');

my $v4 = tree(ip_version => 4, record_size => 32);
insert($v4, 'v4.mmdb', '192.0.2.0/24', { country => { iso_code => 'DE', names => { en => 'Germany' } } });
insert($v4, 'v4.mmdb', '198.51.100.0/25', { country => { iso_code => 'FR', names => { en => 'France' } } });
write_tree($v4, 'v4.mmdb');

my $many = tree(ip_version => 6, record_size => 28, alias_ipv6_to_ipv4 => 1);
my @codes = qw(AR AU BR CA CN DE ES FR GB IN IT JP KR MX NL NZ PL RU SE US ZA);
for my $i (0 .. 511) {
  my $code = $codes[$i % @codes];
  my $record = { country => { iso_code => $code, names => { en => "Country $code" } }, n => $i };
  $record->{quote} = "line $i" if $i % 3 == 0;
  insert($many, 'many.mmdb', sprintf('%d.%d.%d.0/24', 11 + ($i >> 8), $i & 255, ($i * 7) & 255), $record);
  insert($many, 'many.mmdb', sprintf('2001:db8:%x:%x::/64', $i, $i * 3 & 0xffff), $record);
}
write_tree($many, 'many.mmdb');
