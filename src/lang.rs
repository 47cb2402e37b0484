//! Language tags, the one home for them: is a tag well-formed, its primary language (with the three-letter ISO
//! 639-2 and 639-3 codes that feeds and language detectors use mapped to the two-letter 639-1 codes pages use, so
//! `rus` and `ru` are one language), and which languages are written right to left.
//!
//! The command line maps three-letter codes with its own table. The widget asks the browser (`Intl.Locale`, whose
//! CLDR aliases hold the same pairs), which costs its wasm nothing, where the table cost 1.0 KB gzipped that every
//! reader downloaded for a code pages rarely carry: builders write two-letter codes into the index, and a page's
//! `lang` is BCP 47, whose primary subtag is the two-letter code where one exists. Where CLDR prefers another
//! language than ISO 639-1 (`tgl` becomes `fil` there, not `tl`; `azb` stays `azb`), the widget keeps the code as
//! it is.

#[cfg(not(target_arch = "wasm32"))]
/// ISO 639-2 (terminology and bibliographic) and 639-3 codes that have a 639-1 equivalent, as `xxx=yy ` records
/// of 7 bytes, sorted, so a code is found by binary search.
///
/// Besides the 639-2 pairs, it holds the 639-3 codes of individual languages that detectors report where pages
/// write the macrolanguage (`cmn` Mandarin for `zh`, `pes` Iranian Persian for `fa`, `azj` North Azerbaijani for
/// `az`...). One string rather than a table of pairs keeps it small in the wasm file.
const TO_ISO_639_1: &str = "\
aar=aa abk=ab afr=af aka=ak alb=sq als=sq amh=am ara=ar arb=ar arg=an arm=hy asm=as ava=av ave=ae aym=ay azb=az \
aze=az azj=az bak=ba bam=bm baq=eu bel=be ben=bn bih=bh bis=bi bod=bo bos=bs bre=br bul=bg bur=my cat=ca ces=cs \
cha=ch che=ce chi=zh chu=cu chv=cv cmn=zh cor=kw cos=co cre=cr cym=cy cze=cs dan=da deu=de div=dv dut=nl dzo=dz \
ekk=et ell=el eng=en epo=eo est=et eus=eu ewe=ee fao=fo fas=fa fij=fj fin=fi fra=fr fre=fr fry=fy ful=ff geo=ka \
ger=de gla=gd gle=ga glg=gl glv=gv gre=el grn=gn gug=gn guj=gu hat=ht hau=ha heb=he her=hz hin=hi hmo=ho hrv=hr \
hun=hu hye=hy ibo=ig ice=is ido=io iii=ii iku=iu ile=ie ina=ia ind=id ipk=ik isl=is ita=it jav=jv jpn=ja kal=kl \
kan=kn kas=ks kat=ka kau=kr kaz=kk khk=mn khm=km kik=ki kin=rw kir=ky kom=kv kon=kg kor=ko kua=kj kur=ku lao=lo \
lat=la lav=lv lim=li lin=ln lit=lt ltz=lb lub=lu lug=lg lvs=lv mac=mk mah=mh mal=ml mao=mi mar=mr may=ms mkd=mk \
mlg=mg mlt=mt mon=mn mri=mi msa=ms mya=my nau=na nav=nv nbl=nr nde=nd ndo=ng nep=ne nld=nl nno=nn nob=nb nor=no \
npi=ne nya=ny oci=oc oji=oj ori=or orm=om ory=or oss=os pan=pa pbu=ps per=fa pes=fa pli=pi plt=mg pol=pl por=pt \
prs=fa pus=ps que=qu roh=rm ron=ro rum=ro run=rn rus=ru sag=sg san=sa sin=si slk=sk slo=sk slv=sl sme=se smo=sm \
sna=sn snd=sd som=so sot=st spa=es sqi=sq srd=sc srp=sr ssw=ss sun=su swa=sw swe=sv swh=sw tah=ty tam=ta tat=tt \
tel=te tgk=tg tgl=tl tha=th tib=bo tir=ti ton=to tsn=tn tso=ts tuk=tk tur=tr twi=tw uig=ug ukr=uk urd=ur uzb=uz \
uzn=uz ven=ve vie=vi vol=vo wel=cy wln=wa wol=wo xho=xh ydd=yi yid=yi yor=yo zha=za zho=zh zsm=ms zul=zu";

#[cfg(not(target_arch = "wasm32"))]
const RECORD: usize = 7;

/// The ISO 639-1 code for a two- or three-letter language code (lower case), when there is one. Two-letter codes
/// are 639-1 already, but for the three withdrawn ones still seen in old systems (`iw`, `in`, `ji`).
pub fn to_iso_639_1(code: &str) -> Option<String> {
    match code {
        "iw" => Some("he".into()),
        "in" => Some("id".into()),
        "ji" => Some("yi".into()),
        _ if code.len() != 3 => None,
        _ => three_letter_to_iso_639_1(code),
    }
}

/// A three-letter code's two-letter one, from the table.
#[cfg(not(target_arch = "wasm32"))]
fn three_letter_to_iso_639_1(code: &str) -> Option<String> {
    let table = TO_ISO_639_1.as_bytes();
    let records = table.len().div_ceil(RECORD);
    let (mut low, mut high) = (0, records);
    while low < high {
        let middle = (low + high) / 2;
        let start = middle * RECORD;
        let key = table.get(start..start + 3)?;
        match key.cmp(code.as_bytes()) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return TO_ISO_639_1.get(start + 4..start + 6).map(str::to_string),
        }
    }
    None
}

/// A three-letter code's two-letter one, from the browser's CLDR aliases; none when the browser names another
/// three-letter language or refuses the code.
#[cfg(target_arch = "wasm32")]
fn three_letter_to_iso_639_1(code: &str) -> Option<String> {
    if !code.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let locale = js_sys::Intl::Locale::new(code).ok()?;
    let language = String::from(locale.language());
    (language.len() == 2).then_some(language)
}

/// The primary language of a BCP 47 tag, lower-cased and as its ISO 639-1 code where one exists: "az-Latn-AZ"
/// gives "az", "rus" gives "ru", "EPO" gives "eo", and "crh" (which has no two-letter code) stays "crh".
pub fn primary(tag: &str) -> String {
    let subtag = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    to_iso_639_1(&subtag).unwrap_or(subtag)
}

/// Whether two tags name the same primary language ("ru-RU" and "rus" do).
pub fn same_language(a: &str, b: &str) -> bool {
    primary(a) == primary(b)
}

/// A loose BCP 47 check: letters, digits and hyphens, starting with 2 or 3 letters.
pub fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    primary_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Languages written right to left.
pub fn is_rtl(tag: &str) -> bool {
    matches!(primary(tag).as_str(), "ar" | "he" | "fa" | "ur" | "ps" | "yi" | "dv" | "ckb" | "ug" | "sd" | "syr")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_subtags() {
        assert_eq!(primary("az-Latn-AZ"), "az");
        assert_eq!(primary(" EN_gb "), "en");
        assert_eq!(primary(""), "");
        assert_eq!(primary("crh"), "crh", "a language without a two-letter code keeps its own");
    }

    #[test]
    fn three_letter_codes_are_one_language_with_two_letter_ones() {
        for (three, two) in [("rus", "ru"), ("epo", "eo"), ("eng", "en"), ("aze", "az"), ("lit", "lt"), ("ukr", "uk")] {
            assert_eq!(primary(three), two);
            assert!(same_language(three, two));
        }
        // Bibliographic 639-2 codes, and individual languages reported where pages write the macrolanguage.
        for (code, two) in [("ger", "de"), ("fre", "fr"), ("chi", "zh"), ("cmn", "zh"), ("pes", "fa"), ("azj", "az")] {
            assert_eq!(to_iso_639_1(code).as_deref(), Some(two), "{code}");
        }
        assert_eq!(primary("RUS-RU"), "ru");
        assert_eq!(primary("iw"), "he", "withdrawn codes map to today's");
        assert_eq!(to_iso_639_1("xyz"), None);
        assert_eq!(to_iso_639_1("ru"), None, "already two letters");
        assert_eq!(to_iso_639_1("ru=r"), None);
        assert!(!same_language("ru", "uk"));
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn every_record_is_well_formed_and_unique() {
        let records: Vec<&str> = TO_ISO_639_1.split(' ').collect();
        for (i, record) in records.iter().enumerate() {
            let (from, to) = record.split_once('=').expect("xxx=yy");
            assert!(from.len() == 3 && from.bytes().all(|b| b.is_ascii_lowercase()), "{record}");
            assert!(to.len() == 2 && to.bytes().all(|b| b.is_ascii_lowercase()), "{record}");
            assert_eq!(TO_ISO_639_1.find(record), Some(i * RECORD), "{record} sits at its fixed-width place");
            assert_eq!(to_iso_639_1(from).as_deref(), Some(to), "{record} is found");
        }
        assert!(records.windows(2).all(|w| w[0] < w[1]), "sorted, no code twice");
        assert!(records.len() > 200, "{}", records.len());
    }

    #[test]
    fn tags_and_direction() {
        assert!(is_tag("en") && is_tag("az-Latn-AZ") && is_tag("rus"));
        assert!(!is_tag("english language") && !is_tag("") && !is_tag("e"));
        assert!(is_rtl("ar-EG") && is_rtl("he") && is_rtl("ara") && !is_rtl("az"));
    }
}
