//! The words readers see from the server (the confirmation e-mail and the confirm and unsubscribe pages) in
//! English, Russian, Azerbaijani, Lithuanian, Ukrainian and German, the languages of the widget's subscription panel.
//! `{site}` stands for the site's name.

/// A language the server writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ru,
    Az,
    Lt,
    Uk,
    De,
}

/// Every language, for tests that check each has all its texts.
#[cfg(test)]
const ALL: [Lang; 6] = [Lang::En, Lang::Ru, Lang::Az, Lang::Lt, Lang::Uk, Lang::De];

impl Lang {
    /// The language for a stored or requested tag: its primary subtag when it is one of ours, else English.
    pub fn pick(tag: Option<&str>) -> Lang {
        tag.map(crate::lang::primary).as_deref().and_then(Lang::from_primary).unwrap_or(Lang::En)
    }

    fn from_primary(primary: &str) -> Option<Lang> {
        match primary {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            "az" => Some(Lang::Az),
            "lt" => Some(Lang::Lt),
            "uk" => Some(Lang::Uk),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The first of our languages in an `Accept-Language` header, for pages that have no row to take it from.
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        header
            .into_iter()
            .flat_map(|h| h.split(','))
            .map(|part| crate::lang::primary(part.split(';').next().unwrap_or("")))
            .find_map(|primary| Lang::from_primary(&primary))
            .unwrap_or(Lang::En)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Az => "az",
            Lang::Lt => "lt",
            Lang::Uk => "uk",
            Lang::De => "de",
        }
    }
}

/// The confirmation e-mail's sentences.
#[derive(Debug, Clone, Copy)]
pub struct MailText {
    pub subject: &'static str,
    pub greeting: &'static str,
    pub asked: &'static str,
    pub confirm: &'static str,
    pub ignore: &'static str,
    pub unsubscribe: &'static str,
}

pub fn mail(lang: Lang) -> MailText {
    match lang {
        Lang::En => MailText {
            subject: "{site}: confirm your subscription",
            greeting: "Hello,",
            asked: "someone, hopefully you, asked to receive news from {site} on these topics:",
            confirm: "To confirm the subscription, open this link:",
            ignore: "If you did not ask for this, ignore this message: nothing is sent until the subscription is confirmed.",
            unsubscribe: "To unsubscribe at any time, open this link:",
        },
        Lang::Ru => MailText {
            subject: "{site}: подтвердите подписку",
            greeting: "Здравствуйте!",
            asked: "Кто-то (надеемся, что вы) попросил присылать новости {site} на эти темы:",
            confirm: "Чтобы подтвердить подписку, откройте ссылку:",
            ignore: "Если вы не подписывались, просто не отвечайте на это письмо: без подтверждения мы ничего не пришлём.",
            unsubscribe: "Отписаться можно в любой момент по этой ссылке:",
        },
        Lang::Az => MailText {
            subject: "{site}: abunəliyi təsdiqləyin",
            greeting: "Salam,",
            asked: "kimsə (ümid edirik ki, siz) {site} saytından bu mövzular üzrə xəbərlər almaq istədi:",
            confirm: "Abunəliyi təsdiqləmək üçün bu keçidi açın:",
            ignore: "Bunu siz istəməmisinizsə, bu məktuba fikir verməyin: abunəlik təsdiqlənməsə, heç nə göndərilməyəcək.",
            unsubscribe: "İstənilən vaxt abunəlikdən çıxmaq üçün bu keçidi açın:",
        },
        Lang::Lt => MailText {
            subject: "{site}: patvirtinkite prenumeratą",
            greeting: "Sveiki,",
            asked: "kažkas (tikimės, kad jūs) paprašė siųsti {site} naujienas šiomis temomis:",
            confirm: "Norėdami patvirtinti prenumeratą, atverkite šią nuorodą:",
            ignore: "Jei to neprašėte, nekreipkite dėmesio į šį laišką: kol prenumerata nepatvirtinta, nieko nesiųsime.",
            unsubscribe: "Atsisakyti prenumeratos bet kada galite atvėrę šią nuorodą:",
        },
        Lang::Uk => MailText {
            subject: "{site}: підтвердьте підписку",
            greeting: "Вітаємо!",
            asked: "Хтось (сподіваємося, що ви) попросив надсилати новини {site} на ці теми:",
            confirm: "Щоб підтвердити підписку, відкрийте посилання:",
            ignore: "Якщо ви не підписувалися, просто не зважайте на цей лист: без підтвердження ми нічого не надішлемо.",
            unsubscribe: "Відписатися можна будь-коли за цим посиланням:",
        },
        Lang::De => MailText {
            subject: "{site}: Bitte bestätigen Sie Ihr Abonnement",
            greeting: "Guten Tag,",
            asked: "jemand, hoffentlich Sie, möchte Neuigkeiten von {site} zu diesen Themen erhalten:",
            confirm: "Um das Abonnement zu bestätigen, öffnen Sie diesen Link:",
            ignore: "Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ohne Bestätigung senden wir nichts.",
            unsubscribe: "Sie können sich jederzeit über diesen Link abmelden:",
        },
    }
}

/// Which page the server shows after a link from the e-mail was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The question an unsubscribe link opens, above its one button.
    ConfirmUnsubscribe,
    Confirmed,
    Unsubscribed,
    /// A confirmation link of a subscription that was cancelled since.
    Cancelled,
    /// An unknown or malformed token.
    InvalidLink,
    /// The database failed.
    Failed,
}

/// A page's title and sentence.
pub fn page(lang: Lang, page: Page) -> (&'static str, &'static str) {
    match (lang, page) {
        (Lang::En, Page::ConfirmUnsubscribe) => ("Unsubscribe?", "Press the button to receive no more e-mails from {site}."),
        (Lang::Ru, Page::ConfirmUnsubscribe) => ("Отписаться?", "Нажмите кнопку, чтобы больше не получать письма от {site}."),
        (Lang::Az, Page::ConfirmUnsubscribe) => ("Abunəlikdən çıxırsınız?", "{site} saytından məktub almamaq üçün düyməni basın."),
        (Lang::Lt, Page::ConfirmUnsubscribe) => ("Atsisakyti prenumeratos?", "Paspauskite mygtuką, kad nebegautumėte laiškų iš {site}."),
        (Lang::Uk, Page::ConfirmUnsubscribe) => ("Відписатися?", "Натисніть кнопку, щоб більше не отримувати листів від {site}."),
        (Lang::En, Page::Confirmed) => ("Subscription confirmed", "Thank you: your subscription to {site} is confirmed."),
        (Lang::En, Page::Unsubscribed) => ("You are unsubscribed", "You will receive no more e-mails from {site}."),
        (Lang::En, Page::Cancelled) => (
            "Subscription cancelled",
            "This subscription was cancelled. To subscribe again, use the form on the site.",
        ),
        (Lang::En, Page::InvalidLink) => (
            "This link does not work",
            "The link is not valid or no longer exists. Check that you opened the whole link from the e-mail.",
        ),
        (Lang::En, Page::Failed) => ("Something went wrong", "The request could not be completed. Please try again in a few minutes."),
        (Lang::Ru, Page::Confirmed) => ("Подписка подтверждена", "Спасибо! Ваша подписка на {site} подтверждена."),
        (Lang::Ru, Page::Unsubscribed) => ("Вы отписались", "Вы больше не будете получать письма от {site}."),
        (Lang::Ru, Page::Cancelled) => (
            "Подписка отменена",
            "Эта подписка отменена. Чтобы подписаться снова, воспользуйтесь формой на сайте.",
        ),
        (Lang::Ru, Page::InvalidLink) => (
            "Ссылка не работает",
            "Ссылка недействительна или устарела. Проверьте, что открыли ссылку из письма целиком.",
        ),
        (Lang::Ru, Page::Failed) => ("Что-то пошло не так", "Не удалось выполнить запрос. Попробуйте ещё раз через несколько минут."),
        (Lang::Az, Page::Confirmed) => ("Abunəlik təsdiqləndi", "Təşəkkür edirik: {site} abunəliyiniz təsdiqləndi."),
        (Lang::Az, Page::Unsubscribed) => ("Abunəlikdən çıxdınız", "Artıq {site} saytından məktub almayacaqsınız."),
        (Lang::Az, Page::Cancelled) => (
            "Abunəlik ləğv edilib",
            "Bu abunəlik ləğv edilib. Yenidən abunə olmaq üçün saytdakı formadan istifadə edin.",
        ),
        (Lang::Az, Page::InvalidLink) => (
            "Bu keçid işləmir",
            "Keçid etibarsızdır və ya artıq mövcud deyil. Məktubdakı keçidi tam açdığınızı yoxlayın.",
        ),
        (Lang::Az, Page::Failed) => ("Xəta baş verdi", "Sorğunu yerinə yetirmək mümkün olmadı. Bir neçə dəqiqədən sonra yenidən cəhd edin."),
        (Lang::Lt, Page::Confirmed) => ("Prenumerata patvirtinta", "Ačiū: jūsų {site} prenumerata patvirtinta."),
        (Lang::Lt, Page::Unsubscribed) => ("Prenumeratos atsisakėte", "Daugiau negausite laiškų iš {site}."),
        (Lang::Lt, Page::Cancelled) => (
            "Prenumerata atšaukta",
            "Ši prenumerata atšaukta. Norėdami vėl užsiprenumeruoti, naudokitės forma svetainėje.",
        ),
        (Lang::Lt, Page::InvalidLink) => (
            "Ši nuoroda neveikia",
            "Nuoroda negalioja arba jos nebėra. Patikrinkite, ar atvėrėte visą nuorodą iš laiško.",
        ),
        (Lang::Lt, Page::Failed) => ("Kažkas nepavyko", "Užklausos įvykdyti nepavyko. Bandykite dar kartą po kelių minučių."),
        (Lang::Uk, Page::Confirmed) => ("Підписку підтверджено", "Дякуємо! Вашу підписку на {site} підтверджено."),
        (Lang::Uk, Page::Unsubscribed) => ("Ви відписалися", "Ви більше не отримуватимете листів від {site}."),
        (Lang::Uk, Page::Cancelled) => (
            "Підписку скасовано",
            "Цю підписку скасовано. Щоб підписатися знову, скористайтеся формою на сайті.",
        ),
        (Lang::Uk, Page::InvalidLink) => (
            "Посилання не працює",
            "Посилання недійсне або застаріле. Перевірте, що відкрили посилання з листа повністю.",
        ),
        (Lang::Uk, Page::Failed) => ("Щось пішло не так", "Не вдалося виконати запит. Спробуйте ще раз за кілька хвилин."),
        (Lang::De, Page::ConfirmUnsubscribe) => ("Abmelden?", "Klicken Sie auf die Schaltfläche, um keine E-Mails mehr von {site} zu erhalten."),
        (Lang::De, Page::Confirmed) => ("Abonnement bestätigt", "Vielen Dank: Ihr Abonnement von {site} ist bestätigt."),
        (Lang::De, Page::Unsubscribed) => ("Sie sind abgemeldet", "Sie erhalten keine E-Mails mehr von {site}."),
        (Lang::De, Page::Cancelled) => (
            "Abonnement beendet",
            "Dieses Abonnement wurde beendet. Um sich erneut anzumelden, nutzen Sie das Formular auf der Website.",
        ),
        (Lang::De, Page::InvalidLink) => (
            "Dieser Link funktioniert nicht",
            "Der Link ist ungültig oder abgelaufen. Prüfen Sie, ob Sie den vollständigen Link aus der E-Mail geöffnet haben.",
        ),
        (Lang::De, Page::Failed) => ("Etwas ist schiefgelaufen", "Die Anfrage konnte nicht ausgeführt werden. Bitte versuchen Sie es in einigen Minuten erneut."),
    }
}

/// The link back to the site's home page.
/// The texts of a topic update.
#[derive(Debug)]
pub struct UpdateText {
    pub subject: &'static str,
    pub intro: &'static str,
    pub unsubscribe: &'static str,
}

pub fn update(lang: Lang) -> UpdateText {
    match lang {
        Lang::En => UpdateText {
            subject: "{site}: new articles on your topics",
            intro: "New on {site} in the topics you chose:",
            unsubscribe: "To stop these e-mails, open this link:",
        },
        Lang::Ru => UpdateText {
            subject: "{site}: новые материалы по вашим темам",
            intro: "Новое на {site} по выбранным вами темам:",
            unsubscribe: "Чтобы больше не получать эти письма, откройте ссылку:",
        },
        Lang::Az => UpdateText {
            subject: "{site}: mövzularınız üzrə yeni məqalələr",
            intro: "{site} saytında seçdiyiniz mövzular üzrə yeniliklər:",
            unsubscribe: "Bu məktubları almamaq üçün bu keçidi açın:",
        },
        Lang::Lt => UpdateText {
            subject: "{site}: nauji straipsniai jūsų temomis",
            intro: "Kas naujo {site} jūsų pasirinktomis temomis:",
            unsubscribe: "Jei nebenorite gauti šių laiškų, atverkite šią nuorodą:",
        },
        Lang::Uk => UpdateText {
            subject: "{site}: нові матеріали за вашими темами",
            intro: "Нове на {site} за обраними вами темами:",
            unsubscribe: "Щоб більше не отримувати ці листи, відкрийте посилання:",
        },
        Lang::De => UpdateText {
            subject: "{site}: neue Artikel zu Ihren Themen",
            intro: "Neu bei {site} in den von Ihnen gewählten Themen:",
            unsubscribe: "Um diese E-Mails nicht mehr zu erhalten, öffnen Sie diesen Link:",
        },
    }
}

/// The texts of the page where a subscriber changes topics, and the line that links to it from every e-mail.
#[derive(Debug)]
pub struct TopicsText {
    pub mail_line: &'static str,
    pub title: &'static str,
    pub text: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub none_chosen: &'static str,
}

pub fn topics_page(lang: Lang) -> TopicsText {
    match lang {
        Lang::En => TopicsText {
            mail_line: "To change your topics, open this link:",
            title: "Your topics",
            text: "Choose the topics you want news about from {site}.",
            save: "Save",
            saved: "Your topics are saved.",
            none_chosen: "Choose at least one topic, or unsubscribe.",
        },
        Lang::Ru => TopicsText {
            mail_line: "Чтобы изменить темы, откройте эту ссылку:",
            title: "Ваши темы",
            text: "Выберите темы, новости о которых вы хотите получать от {site}.",
            save: "Сохранить",
            saved: "Ваши темы сохранены.",
            none_chosen: "Выберите хотя бы одну тему или отпишитесь.",
        },
        Lang::Az => TopicsText {
            mail_line: "Mövzuları dəyişmək üçün bu keçidi açın:",
            title: "Mövzularınız",
            text: "{site} saytından xəbər almaq istədiyiniz mövzuları seçin.",
            save: "Yadda saxla",
            saved: "Mövzularınız yadda saxlanıldı.",
            none_chosen: "Ən azı bir mövzu seçin və ya abunəlikdən çıxın.",
        },
        Lang::Lt => TopicsText {
            mail_line: "Norėdami pakeisti temas, atverkite šią nuorodą:",
            title: "Jūsų temos",
            text: "Pasirinkite temas, apie kurias norite gauti naujienas iš {site}.",
            save: "Išsaugoti",
            saved: "Jūsų temos išsaugotos.",
            none_chosen: "Pasirinkite bent vieną temą arba atsisakykite prenumeratos.",
        },
        Lang::Uk => TopicsText {
            mail_line: "Щоб змінити теми, відкрийте це посилання:",
            title: "Ваші теми",
            text: "Оберіть теми, новини про які ви хочете отримувати від {site}.",
            save: "Зберегти",
            saved: "Ваші теми збережено.",
            none_chosen: "Оберіть принаймні одну тему або відпишіться.",
        },
        Lang::De => TopicsText {
            mail_line: "Um Ihre Themen zu ändern, öffnen Sie diesen Link:",
            title: "Ihre Themen",
            text: "Wählen Sie die Themen, zu denen Sie Neuigkeiten von {site} erhalten möchten.",
            save: "Speichern",
            saved: "Ihre Themen sind gespeichert.",
            none_chosen: "Wählen Sie mindestens ein Thema, oder melden Sie sich ab.",
        },
    }
}

/// The label of the unsubscribe page's button.
pub fn unsubscribe_button(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Unsubscribe",
        Lang::Ru => "Отписаться",
        Lang::Az => "Abunəlikdən çıx",
        Lang::Lt => "Atsisakyti",
        Lang::Uk => "Відписатися",
        Lang::De => "Abmelden",
    }
}

pub fn back_link(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Back to the site",
        Lang::Ru => "Вернуться на сайт",
        Lang::Az => "Sayta qayıt",
        Lang::Lt => "Grįžti į svetainę",
        Lang::Uk => "Повернутися на сайт",
        Lang::De => "Zurück zur Website",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        assert_eq!(Lang::pick(Some("ru-RU")), Lang::Ru);
        assert_eq!(Lang::pick(Some("AZ")), Lang::Az);
        assert_eq!(Lang::pick(Some("lt-LT")), Lang::Lt);
        assert_eq!(Lang::pick(Some("uk")), Lang::Uk);
        assert_eq!(Lang::pick(Some("fr")), Lang::En);
        assert_eq!(Lang::pick(None), Lang::En);
        assert_eq!(Lang::pick(Some("de-CH")), Lang::De);
        assert_eq!(Lang::from_accept_language(Some("fr-FR,ru;q=0.8,en;q=0.5")), Lang::Ru);
        assert_eq!(Lang::from_accept_language(Some("de-DE,ru;q=0.8")), Lang::De);
        assert_eq!(Lang::from_accept_language(Some("fr")), Lang::En);
        assert_eq!(Lang::from_accept_language(None), Lang::En);
    }

    #[test]
    fn every_page_names_the_site_where_it_should() {
        for lang in ALL {
            assert!(page(lang, Page::Confirmed).1.contains("{site}"));
            assert!(page(lang, Page::Unsubscribed).1.contains("{site}"));
            assert!(page(lang, Page::ConfirmUnsubscribe).1.contains("{site}"));
            assert!(!unsubscribe_button(lang).is_empty());
            assert!(update(lang).subject.contains("{site}") && update(lang).intro.contains("{site}"));
            assert!(topics_page(lang).text.contains("{site}") && !topics_page(lang).mail_line.is_empty());
            assert!(mail(lang).asked.contains("{site}") && mail(lang).subject.contains("{site}"));
        }
    }
}
