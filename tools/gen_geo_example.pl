#!/usr/bin/perl
# Writes a small MaxMind DB, in the layout of GeoLite2-City and GeoLite2-ASN
# records, for the networks set aside for documentation: 192.0.2.0/24,
# 198.51.100.0/24 and 203.0.113.0/24 (RFC 5737), 2001:db8::/32 (RFC 3849)
# and the documentation AS numbers 64496-64511 (RFC 5398). The places are
# made up: the file backs the examples of docs/geo.md and docs/cookbook.md
# and the tests, and says nothing about real addresses.
#
#   perl tools/gen_geo_example.pl [OUT]     (default data/geo/example.mmdb)
#
# Needs Debian's libmaxmind-db-writer-perl. The build time in the metadata
# is fixed (2020-01-01), so the same input writes the same bytes.
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $out = shift // 'data/geo/example.mmdb';

my %types = (
  city => 'map', continent => 'map', country => 'map', location => 'map',
  subdivisions => ['array', 'map'], names => 'map', en => 'utf8_string', de => 'utf8_string',
  code => 'utf8_string', iso_code => 'utf8_string', geoname_id => 'uint32',
  latitude => 'double', longitude => 'double', accuracy_radius => 'uint16',
  time_zone => 'utf8_string', is_in_european_union => 'boolean',
  autonomous_system_number => 'uint32', autonomous_system_organization => 'utf8_string',
);

my $tree = MaxMind::DB::Writer::Tree->new(
  ip_version => 6,
  record_size => 24,
  database_type => 'httpstatus-Example-City',
  languages => ['en', 'de'],
  description => { en => 'Made-up places for the documentation networks (RFC 5737, RFC 3849)' },
  map_key_type_callback => sub { $types{ $_[0] } // die "gen_geo_example: no type for $_[0]\n" },
  alias_ipv6_to_ipv4 => 1,
  # the documentation networks are reserved ones, which are left out by default
  remove_reserved_networks => 0,
);
$tree->_set_build_epoch(1577836800);

sub place {
  my (%p) = @_;
  my %record = (
    continent => { code => $p{continent}, names => { en => $p{continent_name} } },
    country => { iso_code => $p{country}, names => { en => $p{country_name}, de => $p{country_de} } },
    city => { names => { en => $p{city} } },
    location => { latitude => $p{lat}, longitude => $p{lon}, accuracy_radius => 20,
                  time_zone => $p{tz} },
    autonomous_system_number => $p{asn},
    autonomous_system_organization => $p{org},
  );
  $record{country}{is_in_european_union} = 1 if $p{eu};
  $record{subdivisions} = [{ iso_code => $p{subdivision}, names => { en => $p{subdivision_name} } }]
    if $p{subdivision};
  return \%record;
}

$tree->insert_network('192.0.2.0/25', place(
  continent => 'EU', continent_name => 'Europe', country => 'DE', country_name => 'Germany',
  country_de => 'Deutschland', city => 'Berlin', lat => 52.52, lon => 13.405, tz => 'Europe/Berlin',
  subdivision => 'BE', subdivision_name => 'Land Berlin', eu => 1, asn => 64496, org => 'Example Carrier'));
$tree->insert_network('192.0.2.128/25', place(
  continent => 'EU', continent_name => 'Europe', country => 'FR', country_name => 'France',
  country_de => 'Frankreich', city => 'Lyon', lat => 45.764, lon => 4.8357, tz => 'Europe/Paris',
  subdivision => 'ARA', subdivision_name => 'Auvergne-Rhone-Alpes', eu => 1, asn => 64497,
  org => 'Example Hosting'));
$tree->insert_network('198.51.100.0/24', place(
  continent => 'NA', continent_name => 'North America', country => 'US', country_name => 'United States',
  country_de => 'Vereinigte Staaten', city => 'Portland', lat => 45.5152, lon => -122.6784,
  tz => 'America/Los_Angeles', subdivision => 'OR', subdivision_name => 'Oregon', asn => 64498,
  org => 'Example Cloud'));
$tree->insert_network('203.0.113.0/24', place(
  continent => 'AS', continent_name => 'Asia', country => 'JP', country_name => 'Japan',
  country_de => 'Japan', city => 'Osaka', lat => 34.6937, lon => 135.5023, tz => 'Asia/Tokyo',
  asn => 64499, org => 'Example Mobile'));
$tree->insert_network('2001:db8::/32', place(
  continent => 'OC', continent_name => 'Oceania', country => 'NZ', country_name => 'New Zealand',
  country_de => 'Neuseeland', city => 'Wellington', lat => -41.2865, lon => 174.7762,
  tz => 'Pacific/Auckland', asn => 64500, org => 'Example Research Network'));

open my $fh, '>:raw', $out or die "gen_geo_example: $out: $!\n";
$tree->write_tree($fh);
close $fh or die "gen_geo_example: $out: $!\n";
