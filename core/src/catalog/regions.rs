//! Region registry: provider region names mapped to their geography, for data residency.
//!
//! A workload says `geo = ["EU"]` instead of listing `eu-west-1`, `europe-west4` and
//! `westeurope`. Every region maps to a country (ISO 3166-1 alpha-2); the country gives its
//! continent and its blocs. A geo value matches a region when it equals (ignoring case,
//! spaces, `-` and `_`) the country code, the country's name, its continent or one of its
//! blocs:
//!
//! | kind | values |
//! | --- | --- |
//! | country | `US`, `DE`, `United Kingdom`, ... |
//! | continent | `North America`, `South America`, `Europe`, `Asia`, `Africa`, `Oceania` |
//! | bloc | `EU` (European Union members), `EEA`, `EMEA`, `APAC`, `LATAM`, `Middle East` |
//!
//! `EU` is the European Union, not the continent: the United Kingdom and Switzerland are in
//! `Europe` but not in `EU`. Region names are looked up case-insensitively and without the
//! provider: the names in this table do not collide across providers with different
//! geographies (AWS and Lambda share `us-east-1`, both in the US). Names missing here can be
//! declared in a scenario's `region_geo` table.

/// Where a region is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geography {
    /// ISO 3166-1 alpha-2 country code.
    pub country: &'static str,
    /// English country name.
    pub country_name: &'static str,
    /// Continent (the Middle East counts as Asia).
    pub continent: &'static str,
    /// Blocs and market areas the country belongs to.
    pub blocs: &'static [&'static str],
}

impl Geography {
    /// True when `value` names this geography's country, continent or one of its blocs.
    pub fn matches(&self, value: &str) -> bool {
        let v = key(value);
        [self.country, self.country_name, self.continent]
            .iter()
            .chain(self.blocs)
            .any(|t| key(t) == v)
    }
}

const EU: &[&str] = &["EU", "EEA", "EMEA"];
const EEA: &[&str] = &["EEA", "EMEA"];
const EMEA: &[&str] = &["EMEA"];
const ME: &[&str] = &["Middle East", "EMEA"];
const APAC: &[&str] = &["APAC"];
const LATAM: &[&str] = &["LATAM"];
const NONE: &[&str] = &[];

#[rustfmt::skip]
const COUNTRIES: &[Geography] = &[
    c("US", "United States", "North America", NONE), c("CA", "Canada", "North America", NONE),
    c("MX", "Mexico", "North America", LATAM), c("BR", "Brazil", "South America", LATAM),
    c("CL", "Chile", "South America", LATAM), c("CO", "Colombia", "South America", LATAM),
    c("IE", "Ireland", "Europe", EU), c("FR", "France", "Europe", EU), c("DE", "Germany", "Europe", EU),
    c("NL", "Netherlands", "Europe", EU), c("BE", "Belgium", "Europe", EU), c("IT", "Italy", "Europe", EU),
    c("ES", "Spain", "Europe", EU), c("SE", "Sweden", "Europe", EU), c("FI", "Finland", "Europe", EU),
    c("PL", "Poland", "Europe", EU), c("AT", "Austria", "Europe", EU), c("DK", "Denmark", "Europe", EU),
    c("NO", "Norway", "Europe", EEA), c("GB", "United Kingdom", "Europe", EMEA),
    c("CH", "Switzerland", "Europe", EMEA), c("RS", "Serbia", "Europe", EMEA),
    c("IL", "Israel", "Asia", ME), c("AE", "United Arab Emirates", "Asia", ME), c("BH", "Bahrain", "Asia", ME),
    c("QA", "Qatar", "Asia", ME), c("SA", "Saudi Arabia", "Asia", ME),
    c("ZA", "South Africa", "Africa", EMEA), c("MA", "Morocco", "Africa", EMEA),
    c("IN", "India", "Asia", APAC), c("JP", "Japan", "Asia", APAC), c("KR", "South Korea", "Asia", APAC),
    c("SG", "Singapore", "Asia", APAC), c("HK", "Hong Kong", "Asia", APAC), c("TW", "Taiwan", "Asia", APAC),
    c("ID", "Indonesia", "Asia", APAC), c("MY", "Malaysia", "Asia", APAC), c("TH", "Thailand", "Asia", APAC),
    c("AU", "Australia", "Oceania", APAC),
];

const fn c(
    country: &'static str,
    country_name: &'static str,
    continent: &'static str,
    blocs: &'static [&'static str],
) -> Geography {
    Geography {
        country,
        country_name,
        continent,
        blocs,
    }
}

/// Region name (lower case) → country code, grouped by the provider that uses the name.
#[rustfmt::skip]
const REGIONS: &[(&str, &str)] = &[
    // AWS (Lambda uses the same names for its US regions)
    ("us-east-1", "US"), ("us-east-2", "US"), ("us-west-1", "US"), ("us-west-2", "US"),
    ("us-gov-east-1", "US"), ("us-gov-west-1", "US"), ("ca-central-1", "CA"), ("ca-west-1", "CA"),
    ("mx-central-1", "MX"), ("sa-east-1", "BR"), ("eu-west-1", "IE"), ("eu-west-2", "GB"),
    ("eu-west-3", "FR"), ("eu-central-1", "DE"), ("eu-central-2", "CH"), ("eu-north-1", "SE"),
    ("eu-south-1", "IT"), ("eu-south-2", "ES"), ("il-central-1", "IL"), ("me-central-1", "AE"),
    ("me-south-1", "BH"), ("af-south-1", "ZA"), ("ap-east-1", "HK"), ("ap-south-1", "IN"),
    ("ap-south-2", "IN"), ("ap-northeast-1", "JP"), ("ap-northeast-2", "KR"), ("ap-northeast-3", "JP"),
    ("ap-southeast-1", "SG"), ("ap-southeast-2", "AU"), ("ap-southeast-3", "ID"), ("ap-southeast-4", "AU"),
    ("ap-southeast-5", "MY"), ("ap-southeast-7", "TH"),
    // Google Cloud
    ("us-central1", "US"), ("us-east1", "US"), ("us-east4", "US"), ("us-east5", "US"), ("us-south1", "US"),
    ("us-west1", "US"), ("us-west2", "US"), ("us-west3", "US"), ("us-west4", "US"),
    ("northamerica-northeast1", "CA"), ("northamerica-northeast2", "CA"), ("northamerica-south1", "MX"),
    ("southamerica-east1", "BR"), ("southamerica-west1", "CL"), ("europe-west1", "BE"), ("europe-west2", "GB"),
    ("europe-west3", "DE"), ("europe-west4", "NL"), ("europe-west6", "CH"), ("europe-west8", "IT"),
    ("europe-west9", "FR"), ("europe-west10", "DE"), ("europe-west12", "IT"), ("europe-central2", "PL"),
    ("europe-north1", "FI"), ("europe-north2", "SE"), ("europe-southwest1", "ES"), ("me-central1", "QA"),
    ("me-central2", "SA"), ("me-west1", "IL"), ("africa-south1", "ZA"), ("asia-east1", "TW"),
    ("asia-east2", "HK"), ("asia-northeast1", "JP"), ("asia-northeast2", "JP"), ("asia-northeast3", "KR"),
    ("asia-south1", "IN"), ("asia-south2", "IN"), ("asia-southeast1", "SG"), ("asia-southeast2", "ID"),
    ("australia-southeast1", "AU"), ("australia-southeast2", "AU"),
    // Azure
    ("eastus", "US"), ("eastus2", "US"), ("centralus", "US"), ("northcentralus", "US"),
    ("southcentralus", "US"), ("westcentralus", "US"), ("westus", "US"), ("westus2", "US"), ("westus3", "US"),
    ("canadacentral", "CA"), ("canadaeast", "CA"), ("brazilsouth", "BR"), ("mexicocentral", "MX"),
    ("northeurope", "IE"), ("westeurope", "NL"), ("uksouth", "GB"), ("ukwest", "GB"), ("francecentral", "FR"),
    ("francesouth", "FR"), ("germanywestcentral", "DE"), ("germanynorth", "DE"), ("swedencentral", "SE"),
    ("switzerlandnorth", "CH"), ("switzerlandwest", "CH"), ("norwayeast", "NO"), ("norwaywest", "NO"),
    ("polandcentral", "PL"), ("italynorth", "IT"), ("spaincentral", "ES"), ("uaenorth", "AE"),
    ("qatarcentral", "QA"), ("israelcentral", "IL"), ("southafricanorth", "ZA"), ("centralindia", "IN"),
    ("southindia", "IN"), ("westindia", "IN"), ("japaneast", "JP"), ("japanwest", "JP"),
    ("koreacentral", "KR"), ("koreasouth", "KR"), ("eastasia", "HK"), ("southeastasia", "SG"),
    ("australiaeast", "AU"), ("australiasoutheast", "AU"), ("australiacentral", "AU"),
    // Oracle Cloud (OCI)
    ("us-ashburn-1", "US"), ("us-phoenix-1", "US"), ("us-chicago-1", "US"), ("us-sanjose-1", "US"),
    ("ca-toronto-1", "CA"), ("ca-montreal-1", "CA"), ("sa-saopaulo-1", "BR"), ("sa-vinhedo-1", "BR"),
    ("sa-santiago-1", "CL"), ("sa-bogota-1", "CO"), ("mx-queretaro-1", "MX"), ("mx-monterrey-1", "MX"),
    ("uk-london-1", "GB"), ("uk-cardiff-1", "GB"), ("eu-frankfurt-1", "DE"), ("eu-amsterdam-1", "NL"),
    ("eu-paris-1", "FR"), ("eu-marseille-1", "FR"), ("eu-milan-1", "IT"), ("eu-madrid-1", "ES"),
    ("eu-stockholm-1", "SE"), ("eu-zurich-1", "CH"), ("eu-jovanovac-1", "RS"), ("me-dubai-1", "AE"),
    ("me-abudhabi-1", "AE"), ("me-jeddah-1", "SA"), ("me-riyadh-1", "SA"), ("il-jerusalem-1", "IL"),
    ("af-johannesburg-1", "ZA"), ("af-casablanca-1", "MA"), ("ap-tokyo-1", "JP"), ("ap-osaka-1", "JP"),
    ("ap-seoul-1", "KR"), ("ap-chuncheon-1", "KR"), ("ap-mumbai-1", "IN"), ("ap-hyderabad-1", "IN"),
    ("ap-singapore-1", "SG"), ("ap-singapore-2", "SG"), ("ap-sydney-1", "AU"), ("ap-melbourne-1", "AU"),
    ("ap-batam-1", "ID"),
    // Lambda (names not shared with AWS)
    ("us-west-3", "US"), ("us-south-1", "US"), ("us-south-2", "US"), ("us-south-3", "US"),
    ("us-midwest-1", "US"), ("europe-central-1", "DE"), ("asia-south-1", "IN"), ("asia-northeast-1", "JP"),
    ("asia-northeast-2", "KR"), ("me-west-1", "IL"), ("australia-east-1", "AU"),
    // CoreWeave
    ("us-east-01", "US"), ("us-east-02", "US"), ("us-east-03", "US"), ("us-east-04", "US"),
    ("us-east-06", "US"), ("us-west-01", "US"), ("us-west-02", "US"), ("us-west-04", "US"),
    ("us-central-01", "US"), ("us-central-02", "US"), ("ord1", "US"), ("las1", "US"), ("lga1", "US"),
    ("gb-south-01", "GB"), ("se-north-01", "SE"), ("es-central-01", "ES"),
];

/// Comparison key: lower case without spaces, `-` and `_`.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The geography of a country code (`DE`), if known.
pub fn country(code: &str) -> Option<&'static Geography> {
    COUNTRIES
        .iter()
        .find(|g| g.country.eq_ignore_ascii_case(code.trim()))
}

/// The geography of a provider region (`eu-west-1`, `europe-west4`, `westeurope`), if known.
pub fn geography(region: &str) -> Option<&'static Geography> {
    let r = region.trim().to_ascii_lowercase();
    REGIONS
        .iter()
        .find(|(name, _)| *name == r)
        .and_then(|(_, code)| country(code))
}

/// True when `value` names some country, continent or bloc of the registry.
pub fn is_known_geo(value: &str) -> bool {
    COUNTRIES.iter().any(|g| g.matches(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eu_regions_across_providers() {
        for r in [
            "eu-west-1",
            "europe-west4",
            "westeurope",
            "eu-frankfurt-1",
            "europe-central-1",
        ] {
            assert!(geography(r).is_some_and(|g| g.matches("EU")), "{r}");
        }
        for r in ["eu-west-2", "europe-west6", "uksouth", "us-east-1"] {
            assert!(!geography(r).is_some_and(|g| g.matches("eu")), "{r}");
        }
        assert!(geography("eu-west-2").is_some_and(|g| g.matches("europe")));
        assert!(geography("EastUS").is_some_and(|g| g.matches("north_america") && g.matches("us")));
        assert_eq!(geography("mars-1"), None);
    }

    #[test]
    fn every_region_has_a_country_and_no_duplicates() {
        let mut seen = std::collections::HashSet::new();
        for (r, code) in REGIONS {
            assert!(country(code).is_some(), "{r}: {code}");
            assert!(seen.insert(*r), "{r} listed twice");
        }
        assert!(is_known_geo("Middle East") && is_known_geo("apac") && !is_known_geo("Atlantis"));
    }
}
