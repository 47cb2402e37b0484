//! Language tags, the one home for them: is a tag well-formed, its primary language (with the three-letter ISO
//! 639-2 and 639-3 codes that feeds and language detectors use mapped to the two-letter 639-1 codes pages use, so
//! `rus` and `ru` are one language), and which languages are written right to left.

/// ISO 639-2 (terminology and bibliographic) and 639-3 codes that have a 639-1 equivalent, as `xxx=yy` records.
///
/// Besides the 639-2 pairs, it holds the 639-3 codes of individual languages that detectors report where pages
/// write the macrolanguage (`cmn` Mandarin for `zh`, `pes` Iranian Persian for `fa`, `azj` North Azerbaijani for
/// `az`...), and the three withdrawn two-letter codes still seen in old systems (`iw`, `in`, `ji`). One string
/// rather than a table of pairs keeps it small in the wasm file.
const TO_ISO_639_1: &str = "\
aar=aa abk=ab ave=ae afr=af aka=ak amh=am arg=an ara=ar asm=as ava=av aym=ay aze=az bak=ba bel=be bul=bg \
bih=bh bis=bi bam=bm ben=bn bod=bo tib=bo bre=br bos=bs cat=ca che=ce cha=ch cos=co cre=cr ces=cs cze=cs \
chu=cu chv=cv cym=cy wel=cy dan=da deu=de ger=de div=dv dzo=dz ewe=ee ell=el gre=el eng=en epo=eo spa=es \
est=et eus=eu baq=eu fas=fa per=fa ful=ff fin=fi fij=fj fao=fo fra=fr fre=fr fry=fy gle=ga gla=gd glg=gl \
grn=gn guj=gu glv=gv hau=ha heb=he hin=hi hmo=ho hrv=hr hat=ht hun=hu hye=hy arm=hy her=hz ina=ia ind=id \
ile=ie ibo=ig iii=ii ipk=ik ido=io isl=is ice=is ita=it iku=iu jpn=ja jav=jv kat=ka geo=ka kon=kg kik=ki \
kua=kj kaz=kk kal=kl khm=km kan=kn kor=ko kau=kr kas=ks kur=ku kom=kv cor=kw kir=ky lat=la ltz=lb lug=lg \
lim=li lin=ln lao=lo lit=lt lub=lu lav=lv mlg=mg mah=mh mri=mi mao=mi mkd=mk mac=mk mal=ml mon=mn mar=mr \
msa=ms may=ms mlt=mt mya=my bur=my nau=na nob=nb nde=nd nep=ne ndo=ng nld=nl dut=nl nno=nn nor=no nbl=nr \
nav=nv nya=ny oci=oc oji=oj orm=om ori=or oss=os pan=pa pli=pi pol=pl pus=ps por=pt que=qu roh=rm run=rn \
ron=ro rum=ro rus=ru kin=rw san=sa srd=sc snd=sd sme=se sag=sg sin=si slk=sk slo=sk slv=sl smo=sm sna=sn \
som=so sqi=sq alb=sq srp=sr ssw=ss sot=st sun=su swe=sv swa=sw tam=ta tel=te tgk=tg tha=th tir=ti tuk=tk \
tgl=tl tsn=tn ton=to tur=tr tso=ts tat=tt twi=tw tah=ty uig=ug ukr=uk urd=ur uzb=uz ven=ve vie=vi vol=vo \
wln=wa wol=wo xho=xh yid=yi yor=yo zha=za zho=zh chi=zh zul=zu \
cmn=zh pes=fa prs=fa swh=sw arb=ar zsm=ms ekk=et lvs=lv uzn=uz azj=az azb=az khk=mn npi=ne ory=or pbu=ps \
plt=mg ydd=yi als=sq gug=gn \
iw=he in=id ji=yi";

/// The ISO 639-1 code for a two- or three-letter language code (lower case), when there is one.
pub fn to_iso_639_1(code: &str) -> Option<&'static str> {
    if code.is_empty() || code.len() > 3 {
        return None;
    }
    TO_ISO_639_1.split(' ').find_map(|record| {
        let (from, to) = record.split_once('=')?;
        (from == code).then_some(to)
    })
}

/// The primary language of a BCP 47 tag, lower-cased and as its ISO 639-1 code where one exists: "az-Latn-AZ"
/// gives "az", "rus" gives "ru", "EPO" gives "eo", and "crh" (which has no two-letter code) stays "crh".
pub fn primary(tag: &str) -> String {
    let subtag = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    match to_iso_639_1(&subtag) {
        Some(code) => code.to_string(),
        None => subtag,
    }
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
            assert_eq!(to_iso_639_1(code), Some(two), "{code}");
        }
        assert_eq!(primary("RUS-RU"), "ru");
        assert_eq!(primary("iw"), "he", "withdrawn codes map to today's");
        assert_eq!(to_iso_639_1("xyz"), None);
        assert_eq!(to_iso_639_1("ru"), None, "already two letters");
        assert_eq!(to_iso_639_1("ru=r"), None);
        assert!(!same_language("ru", "uk"));
    }

    #[test]
    fn every_record_is_well_formed_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for record in TO_ISO_639_1.split(' ') {
            let (from, to) = record.split_once('=').expect("xxx=yy");
            assert!((2..=3).contains(&from.len()) && from.bytes().all(|b| b.is_ascii_lowercase()), "{record}");
            assert!(to.len() == 2 && to.bytes().all(|b| b.is_ascii_lowercase()), "{record}");
            assert!(seen.insert(from), "{from} twice");
        }
        assert!(seen.len() > 200, "{}", seen.len());
    }

    #[test]
    fn tags_and_direction() {
        assert!(is_tag("en") && is_tag("az-Latn-AZ") && is_tag("rus"));
        assert!(!is_tag("english language") && !is_tag("") && !is_tag("e"));
        assert!(is_rtl("ar-EG") && is_rtl("he") && is_rtl("ara") && !is_rtl("az"));
    }
}
