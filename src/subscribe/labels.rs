//! Texts of the subscription panel in each language it speaks, and the names of the usual "type of information"
//! choices.

use crate::lang;

/// Every text the subscription panel shows. Error texts are complete sentences, read out by screen readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubscribeLabels {
    pub heading: &'static str,
    pub topics: &'static str,
    pub types: &'static str,
    pub email: &'static str,
    pub email_hint: &'static str,
    pub consent: &'static str,
    pub privacy: &'static str,
    pub submit: &'static str,
    pub sending: &'static str,
    pub sent: &'static str,
    pub queued: &'static str,
    pub sent_later: &'static str,
    pub not_saved: &'static str,
    pub rejected: &'static str,
    pub error_email: &'static str,
    pub error_topics: &'static str,
    pub error_types: &'static str,
    pub error_consent: &'static str,
    pub feeds_heading: &'static str,
    pub feeds_intro: &'static str,
    pub honeypot: &'static str,
}

const EN: SubscribeLabels = SubscribeLabels {
    heading: "Subscribe to our updates",
    topics: "Select the topic(s) on which you wish to receive updates",
    types: "Type of information you wish to receive",
    email: "E-mail address",
    email_hint: "name@example.org",
    consent: "I agree to receive these e-mails and to my address being kept for sending them.",
    privacy: "Privacy policy",
    submit: "Subscribe",
    sending: "Sending…",
    sent: "Almost done: we have sent you an e-mail. Open the link in it to confirm your subscription.",
    queued: "You seem to be offline. Your subscription is saved on this device and will be sent when you are back online.",
    sent_later: "Your saved subscription has been sent. Check your inbox to confirm it.",
    not_saved: "Your subscription could not be sent, and this browser does not let us keep it for later. Please try again in a moment.",
    rejected: "The subscription was not accepted:",
    error_email: "Enter an e-mail address like name@example.org.",
    error_topics: "Choose at least one topic.",
    error_types: "Choose at least one type of information.",
    error_consent: "Please tick the box to agree to receive e-mails.",
    feeds_heading: "Follow our topics",
    feeds_intro: "Add a topic's feed to your news reader to get its updates:",
    honeypot: "Leave this field empty",
};

const RU: SubscribeLabels = SubscribeLabels {
    heading: "Подпишитесь на наши новости",
    topics: "Выберите темы, по которым вы хотите получать новости",
    types: "Какую информацию вы хотите получать",
    email: "Адрес электронной почты",
    email_hint: "name@example.org",
    consent: "Я согласен получать эти письма и на хранение моего адреса для их отправки.",
    privacy: "Политика конфиденциальности",
    submit: "Подписаться",
    sending: "Отправка…",
    sent: "Почти готово: мы отправили вам письмо. Перейдите по ссылке в нём, чтобы подтвердить подписку.",
    queued: "Похоже, нет подключения к интернету. Ваша подписка сохранена на этом устройстве и будет отправлена, когда связь восстановится.",
    sent_later: "Сохранённая подписка отправлена. Проверьте почту, чтобы подтвердить её.",
    not_saved: "Подписку не удалось отправить, а этот браузер не позволяет сохранить её на потом. Попробуйте ещё раз чуть позже.",
    rejected: "Подписка не принята:",
    error_email: "Введите адрес электронной почты, например name@example.org.",
    error_topics: "Выберите хотя бы одну тему.",
    error_types: "Выберите хотя бы один вид информации.",
    error_consent: "Отметьте согласие на получение писем.",
    feeds_heading: "Следите за нашими темами",
    feeds_intro: "Добавьте ленту темы в программу для чтения новостей:",
    honeypot: "Оставьте это поле пустым",
};

const AZ: SubscribeLabels = SubscribeLabels {
    heading: "Yeniliklərimizə abunə olun",
    topics: "Yenilikləri almaq istədiyiniz mövzuları seçin",
    types: "Almaq istədiyiniz məlumat növü",
    email: "E-poçt ünvanı",
    email_hint: "ad@example.org",
    consent: "Bu məktubları almağa və ünvanımın onların göndərilməsi üçün saxlanmasına razıyam.",
    privacy: "Məxfilik siyasəti",
    submit: "Abunə ol",
    sending: "Göndərilir…",
    sent: "Az qaldı: sizə məktub göndərdik. Abunəliyi təsdiqləmək üçün məktubdakı keçidi açın.",
    queued: "Deyəsən, internet bağlantısı yoxdur. Abunəliyiniz bu cihazda saxlanıldı və bağlantı bərpa olunanda göndəriləcək.",
    sent_later: "Saxlanmış abunəliyiniz göndərildi. Təsdiqləmək üçün poçtunuzu yoxlayın.",
    not_saved: "Abunəlik göndərilmədi və bu brauzer onu sonraya saxlamağa imkan vermir. Bir azdan yenidən cəhd edin.",
    rejected: "Abunəlik qəbul edilmədi:",
    error_email: "E-poçt ünvanını daxil edin, məsələn ad@example.org.",
    error_topics: "Ən azı bir mövzu seçin.",
    error_types: "Ən azı bir məlumat növü seçin.",
    error_consent: "Məktubları almağa razılığınızı qeyd edin.",
    feeds_heading: "Mövzularımızı izləyin",
    feeds_intro: "Mövzunun lentini xəbər oxuyucunuza əlavə edin:",
    honeypot: "Bu sahəni boş saxlayın",
};

const LT: SubscribeLabels = SubscribeLabels {
    heading: "Užsiprenumeruokite mūsų naujienas",
    topics: "Pasirinkite temas, apie kurias norite gauti naujienų",
    types: "Kokią informaciją norite gauti",
    email: "El. pašto adresas",
    email_hint: "vardas@example.org",
    consent: "Sutinku gauti šiuos laiškus ir kad mano adresas būtų saugomas jiems siųsti.",
    privacy: "Privatumo politika",
    submit: "Prenumeruoti",
    sending: "Siunčiama…",
    sent: "Beveik baigta: išsiuntėme jums laišką. Atverkite jame esančią nuorodą ir patvirtinkite prenumeratą.",
    queued: "Atrodo, nėra ryšio. Prenumerata išsaugota šiame įrenginyje ir bus išsiųsta, kai vėl būsite prisijungę.",
    sent_later: "Išsaugota prenumerata išsiųsta. Patikrinkite paštą ir ją patvirtinkite.",
    not_saved: "Prenumeratos nepavyko išsiųsti, o ši naršyklė neleidžia jos išsaugoti vėlesniam laikui. Bandykite dar kartą po akimirkos.",
    rejected: "Prenumerata nepriimta:",
    error_email: "Įveskite el. pašto adresą, pvz., vardas@example.org.",
    error_topics: "Pasirinkite bent vieną temą.",
    error_types: "Pasirinkite bent vieną informacijos rūšį.",
    error_consent: "Pažymėkite, kad sutinkate gauti laiškus.",
    feeds_heading: "Sekite mūsų temas",
    feeds_intro: "Įtraukite temos srautą į savo naujienų skaitytuvą:",
    honeypot: "Palikite šį lauką tuščią",
};

const UK: SubscribeLabels = SubscribeLabels {
    heading: "Підпишіться на наші новини",
    topics: "Оберіть теми, з яких ви хочете отримувати новини",
    types: "Яку інформацію ви хочете отримувати",
    email: "Адреса електронної пошти",
    email_hint: "name@example.org",
    consent: "Я погоджуюся отримувати ці листи та на зберігання моєї адреси для їх надсилання.",
    privacy: "Політика конфіденційності",
    submit: "Підписатися",
    sending: "Надсилання…",
    sent: "Майже готово: ми надіслали вам листа. Перейдіть за посиланням у ньому, щоб підтвердити підписку.",
    queued: "Схоже, немає з’єднання. Вашу підписку збережено на цьому пристрої, її буде надіслано, коли з’єднання відновиться.",
    sent_later: "Збережену підписку надіслано. Перевірте пошту, щоб підтвердити її.",
    not_saved: "Підписку не вдалося надіслати, а цей браузер не дозволяє зберегти її на потім. Спробуйте ще раз трохи згодом.",
    rejected: "Підписку не прийнято:",
    error_email: "Введіть адресу електронної пошти, наприклад name@example.org.",
    error_topics: "Оберіть хоча б одну тему.",
    error_types: "Оберіть хоча б один вид інформації.",
    error_consent: "Позначте згоду на отримання листів.",
    feeds_heading: "Стежте за нашими темами",
    feeds_intro: "Додайте стрічку теми до програми для читання новин:",
    honeypot: "Залиште це поле порожнім",
};

const DE: SubscribeLabels = SubscribeLabels {
    heading: "Abonnieren Sie unsere Neuigkeiten",
    topics: "Wählen Sie die Themen, zu denen Sie Neuigkeiten erhalten möchten",
    types: "Art der Informationen, die Sie erhalten möchten",
    email: "E-Mail-Adresse",
    email_hint: "name@example.org",
    consent: "Ich bin einverstanden, diese E-Mails zu erhalten, und damit, dass meine Adresse dafür gespeichert wird.",
    privacy: "Datenschutzerklärung",
    submit: "Abonnieren",
    sending: "Wird gesendet…",
    sent: "Fast geschafft: Wir haben Ihnen eine E-Mail geschickt. Öffnen Sie den Link darin, um Ihr Abonnement zu bestätigen.",
    queued: "Sie scheinen offline zu sein. Ihr Abonnement ist auf diesem Gerät gespeichert und wird gesendet, sobald Sie wieder online sind.",
    sent_later: "Ihr gespeichertes Abonnement wurde gesendet. Bitte bestätigen Sie es mit der E-Mail in Ihrem Posteingang.",
    not_saved: "Ihr Abonnement konnte nicht gesendet werden, und dieser Browser erlaubt nicht, es für später zu speichern. Bitte versuchen Sie es gleich noch einmal.",
    rejected: "Das Abonnement wurde nicht angenommen:",
    error_email: "Geben Sie eine E-Mail-Adresse wie name@example.org ein.",
    error_topics: "Wählen Sie mindestens ein Thema.",
    error_types: "Wählen Sie mindestens eine Art von Informationen.",
    error_consent: "Bitte setzen Sie das Häkchen, um dem Erhalt der E-Mails zuzustimmen.",
    feeds_heading: "Folgen Sie unseren Themen",
    feeds_intro: "Fügen Sie den Feed eines Themas Ihrem Newsreader hinzu, um seine Neuigkeiten zu erhalten:",
    honeypot: "Dieses Feld bitte leer lassen",
};

const LABELS: &[(&str, &SubscribeLabels)] = &[("en", &EN), ("ru", &RU), ("az", &AZ), ("lt", &LT), ("uk", &UK), ("de", &DE)];

/// The panel's texts for a language tag; English when the language has none.
pub fn subscribe_labels(lang: &str) -> &'static SubscribeLabels {
    let primary = lang::primary(lang);
    LABELS.iter().find(|(l, _)| *l == primary).map_or(&EN, |(_, labels)| labels)
}

/// Names of the usual "type of information" choices: (id, [(language, name)]).
const TYPE_NAMES: &[(&str, &[(&str, &str)])] = &[
    ("news", &[("en", "News"), ("ru", "Новости"), ("az", "Xəbərlər"), ("lt", "Naujienos"), ("uk", "Новини"), ("de", "Nachrichten")]),
    ("reports", &[("en", "Reports"), ("ru", "Отчёты"), ("az", "Hesabatlar"), ("lt", "Ataskaitos"), ("uk", "Звіти"), ("de", "Berichte")]),
    ("events", &[("en", "Events"), ("ru", "Мероприятия"), ("az", "Tədbirlər"), ("lt", "Renginiai"), ("uk", "Події"), ("de", "Veranstaltungen")]),
    ("analysis", &[("en", "Analysis"), ("ru", "Аналитика"), ("az", "Təhlillər"), ("lt", "Analizė"), ("uk", "Аналітика"), ("de", "Analysen")]),
    (
        "press-releases",
        &[("en", "Press releases"), ("ru", "Пресс-релизы"), ("az", "Press-relizlər"), ("lt", "Pranešimai spaudai"), ("uk", "Пресрелізи"), ("de", "Pressemitteilungen")],
    ),
    ("newsletter", &[("en", "Newsletter"), ("ru", "Рассылка"), ("az", "Bülleten"), ("lt", "Naujienlaiškis"), ("uk", "Розсилка"), ("de", "Newsletter")]),
];

/// The name of a type of information: a known id in the panel's language (else English), else the id itself
/// made readable ("policy-briefs" -> "Policy briefs").
pub fn type_name(id: &str, lang: &str) -> String {
    let primary = lang::primary(lang);
    if let Some((_, names)) = TYPE_NAMES.iter().find(|(known, _)| *known == id) {
        let name = names.iter().find(|(l, _)| *l == primary).or_else(|| names.first()).map_or(id, |(_, n)| n);
        return name.to_string();
    }
    // Ids are ASCII (see `parse_types`), so ASCII upper-casing is enough.
    let mut spaced = id.replace(['-', '_'], " ");
    if let Some(first) = spaced.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    spaced
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_by_language_with_english_fallback() {
        assert_eq!(subscribe_labels("ru-RU").submit, "Подписаться");
        assert_eq!(subscribe_labels("az").submit, "Abunə ol");
        assert_eq!(subscribe_labels("lt").submit, "Prenumeruoti");
        assert_eq!(subscribe_labels("de-AT").submit, "Abonnieren");
        assert_eq!(subscribe_labels("xx").submit, "Subscribe");
        assert_eq!(subscribe_labels("").topics, "Select the topic(s) on which you wish to receive updates");
    }

    #[test]
    fn type_names() {
        assert_eq!(type_name("reports", "ru"), "Отчёты");
        assert_eq!(type_name("press-releases", "de"), "Pressemitteilungen");
        assert_eq!(type_name("events", "fr"), "Events", "English for a language without names");
        assert_eq!(type_name("policy-briefs", "en"), "Policy briefs");
        assert_eq!(type_name("", "en"), "");
    }
}
