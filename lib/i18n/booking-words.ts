import type { Locale } from './pick-locale';

type Status = 'held' | 'confirmed' | 'cancelled';

/** The booking screens' words (deal tab summary, calendar, form, halls-and-staff settings), by language. */
export interface BookingWords {
  summary: {
    title: string;
    none: string;
    open: string;
    book: string;
    number: (n: number) => string;
    preorder: (number: string) => string;
    total: string;
    staff: string;
    lime: string;
    pushError: string;
  };
  statuses: Record<Status, string>;
  calendar: {
    title: string;
    loading: string;
    day: string;
    week: string;
    today: string;
    previous: string;
    next: string;
    halls: string;
    staff: string;
    zone: (zone: string) => string;
    hint: string;
    own: string;
    busy: string;
    buffer: string;
    closed: string;
    chosen: string;
    noResources: string;
    blockTitle: (p: { number: number; from: string; to: string; deal: string; own: boolean }) => string;
    capacity: (n: number) => string;
  };
  form: {
    newTitle: string;
    title: (n: number) => string;
    date: string;
    start: string;
    end: string;
    hall: string;
    pickHall: string;
    staff: string;
    noStaff: string;
    goods: string;
    goodsSearch: string;
    goodsNone: string;
    quantity: string;
    remove: string;
    total: string;
    comment: string;
    contact: string;
    contactSearch: string;
    contactNone: string;
    contactFound: string;
    contactEmpty: string;
    contactPick: string;
    contactChange: string;
    contactNew: string;
    contactNumber: (id: string) => string;
    firstName: string;
    lastName: string;
    phone: string;
    email: string;
    createContact: string;
    back: string;
  };
  actions: {
    create: string;
    save: string;
    confirm: string;
    cancel: string;
    restore: string;
    dayBack: string;
    dayForward: string;
    working: string;
  };
  done: {
    created: (n: number) => string;
    saved: string;
    confirmed: string;
    cancelled: string;
    restored: string;
    shifted: string;
    contact: string;
  };
  weekdays: string[];
  resources: {
    title: string;
    intro: string;
    halls: string;
    staff: string;
    addHall: string;
    addStaff: string;
    edit: string;
    archive: string;
    restore: string;
    archived: string;
    name: string;
    capacity: string;
    hours: string;
    dayOff: string;
    from: string;
    to: string;
    bufferBefore: string;
    bufferAfter: string;
    buffers: (before: number, after: number) => string;
    save: string;
    cancel: string;
    none: string;
    zone: string;
    zoneDefault: string;
    zoneSave: string;
    zoneSaved: string;
    readOnly: string;
    saved: string;
  };
}

const ru: BookingWords = {
  summary: {
    title: 'Бронь',
    none: 'У сделки ещё нет брони зала и сотрудников.',
    open: 'Открыть календарь',
    book: 'Забронировать',
    number: (n) => `№${n}`,
    preorder: (number) => `Предзаказ Лайма ${number}`,
    total: 'Сумма',
    staff: 'Сотрудники',
    lime: 'Лайм',
    pushError: 'Лайм не принял предзаказ',
  },
  statuses: { held: 'Предварительная', confirmed: 'Подтверждена', cancelled: 'Отменена' },
  calendar: {
    title: 'Календарь брони',
    loading: 'Загружаем календарь…',
    day: 'День',
    week: 'Неделя',
    today: 'Сегодня',
    previous: 'Назад',
    next: 'Вперёд',
    halls: 'Залы',
    staff: 'Сотрудники',
    zone: (zone) => `Время площадки: ${zone}`,
    hint: 'Нажмите на свободное время, чтобы выбрать его.',
    own: 'Эта сделка',
    busy: 'Занято',
    buffer: 'Перерыв',
    closed: 'Не работает',
    chosen: 'Выбрано',
    noResources:
      'Залы и сотрудники ещё не настроены: администратор добавляет их в настройках приложения («Залы и сотрудники»).',
    blockTitle: (p) =>
      `${p.own ? 'Эта сделка' : 'Занято'}: бронь №${p.number}, ${p.from}–${p.to}, сделка ${p.deal}`,
    capacity: (n) => `до ${n} гостей`,
  },
  form: {
    newTitle: 'Новая бронь',
    title: (n) => `Бронь №${n}`,
    date: 'Дата',
    start: 'Начало',
    end: 'Конец',
    hall: 'Зал',
    pickHall: 'Выберите зал',
    staff: 'Сотрудники',
    noStaff: 'Сотрудников пока нет',
    goods: 'Товары и услуги',
    goodsSearch: 'Найти товар Лайма',
    goodsNone: 'Ничего не найдено',
    quantity: 'Кол-во',
    remove: 'Убрать',
    total: 'Итого',
    comment: 'Комментарий',
    contact: 'Контакт',
    contactSearch: 'Имя или телефон',
    contactNone: 'Контакт не выбран',
    contactFound: 'Найдено в CRM',
    contactEmpty: 'В CRM таких контактов нет',
    contactPick: 'Выбрать',
    contactChange: 'Сменить',
    contactNew: 'Новый контакт',
    contactNumber: (id) => `Контакт ${id}`,
    firstName: 'Имя',
    lastName: 'Фамилия',
    phone: 'Телефон',
    email: 'E-mail',
    createContact: 'Создать контакт',
    back: 'Назад к поиску',
  },
  actions: {
    create: 'Забронировать',
    save: 'Сохранить изменения',
    confirm: 'Подтвердить',
    cancel: 'Отменить бронь',
    restore: 'Восстановить',
    dayBack: '−1 день',
    dayForward: '+1 день',
    working: 'Сохраняем…',
  },
  done: {
    created: (n) => `Бронь №${n} создана.`,
    saved: 'Изменения сохранены.',
    confirmed: 'Бронь подтверждена, предзаказ отправлен в Лайм.',
    cancelled: 'Бронь отменена.',
    restored: 'Бронь восстановлена.',
    shifted: 'Бронь перенесена.',
    contact: 'Контакт привязан к брони.',
  },
  weekdays: ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'],
  resources: {
    title: 'Залы и сотрудники',
    intro:
      'Что можно бронировать из карточки сделки: залы (с вместимостью) и сотрудников (аниматоров, ведущих). Часы работы ограничивают время брони; перерыв до и после занимает ресурс между бронями.',
    halls: 'Залы',
    staff: 'Сотрудники',
    addHall: 'Добавить зал',
    addStaff: 'Добавить сотрудника',
    edit: 'Изменить',
    archive: 'В архив',
    restore: 'Вернуть из архива',
    archived: 'В архиве',
    name: 'Название',
    capacity: 'Вместимость, гостей',
    hours: 'Часы работы',
    dayOff: 'выходной',
    from: 'с',
    to: 'до',
    bufferBefore: 'Перерыв до, мин',
    bufferAfter: 'Перерыв после, мин',
    buffers: (before, after) =>
      before === 0 && after === 0 ? 'без перерывов' : `перерыв ${before} мин до, ${after} мин после`,
    save: 'Сохранить',
    cancel: 'Отмена',
    none: 'Пока ничего нет.',
    zone: 'Часовой пояс площадки',
    zoneDefault: 'по подключению Лайма',
    zoneSave: 'Сохранить пояс',
    zoneSaved: 'Часовой пояс сохранён.',
    readOnly: 'Залы и сотрудников настраивает администратор CRM.',
    saved: 'Сохранено.',
  },
};

const en: BookingWords = {
  summary: {
    title: 'Booking',
    none: 'This deal has no hall or staff booking yet.',
    open: 'Open the calendar',
    book: 'Book',
    number: (n) => `#${n}`,
    preorder: (number) => `Lime pre-order ${number}`,
    total: 'Total',
    staff: 'Staff',
    lime: 'Lime',
    pushError: 'Lime did not accept the pre-order',
  },
  statuses: { held: 'Held', confirmed: 'Confirmed', cancelled: 'Cancelled' },
  calendar: {
    title: 'Booking calendar',
    loading: 'Loading the calendar…',
    day: 'Day',
    week: 'Week',
    today: 'Today',
    previous: 'Back',
    next: 'Forward',
    halls: 'Halls',
    staff: 'Staff',
    zone: (zone) => `Venue time: ${zone}`,
    hint: 'Click a free time to choose it.',
    own: 'This deal',
    busy: 'Busy',
    buffer: 'Break',
    closed: 'Closed',
    chosen: 'Chosen',
    noResources: 'No halls or staff yet: an administrator adds them in the app settings (“Halls and staff”).',
    blockTitle: (p) =>
      `${p.own ? 'This deal' : 'Busy'}: booking #${p.number}, ${p.from}–${p.to}, deal ${p.deal}`,
    capacity: (n) => `up to ${n} guests`,
  },
  form: {
    newTitle: 'New booking',
    title: (n) => `Booking #${n}`,
    date: 'Date',
    start: 'Start',
    end: 'End',
    hall: 'Hall',
    pickHall: 'Choose a hall',
    staff: 'Staff',
    noStaff: 'No staff yet',
    goods: 'Goods and services',
    goodsSearch: 'Find a Lime good',
    goodsNone: 'Nothing found',
    quantity: 'Qty',
    remove: 'Remove',
    total: 'Total',
    comment: 'Comment',
    contact: 'Contact',
    contactSearch: 'Name or phone',
    contactNone: 'No contact chosen',
    contactFound: 'Found in the CRM',
    contactEmpty: 'No such contacts in the CRM',
    contactPick: 'Choose',
    contactChange: 'Change',
    contactNew: 'New contact',
    contactNumber: (id) => `Contact ${id}`,
    firstName: 'First name',
    lastName: 'Last name',
    phone: 'Phone',
    email: 'E-mail',
    createContact: 'Create the contact',
    back: 'Back to the search',
  },
  actions: {
    create: 'Book',
    save: 'Save changes',
    confirm: 'Confirm',
    cancel: 'Cancel the booking',
    restore: 'Restore',
    dayBack: '−1 day',
    dayForward: '+1 day',
    working: 'Saving…',
  },
  done: {
    created: (n) => `Booking #${n} created.`,
    saved: 'Changes saved.',
    confirmed: 'Booking confirmed; the pre-order is on its way to Lime.',
    cancelled: 'Booking cancelled.',
    restored: 'Booking restored.',
    shifted: 'Booking moved.',
    contact: 'The contact is attached to the booking.',
  },
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  resources: {
    title: 'Halls and staff',
    intro:
      'What managers book from a deal card: halls (with capacity) and staff (hosts, animators). Working hours limit when they can be booked; a break before and after keeps the resource busy between bookings.',
    halls: 'Halls',
    staff: 'Staff',
    addHall: 'Add a hall',
    addStaff: 'Add a staff member',
    edit: 'Edit',
    archive: 'Archive',
    restore: 'Restore',
    archived: 'Archived',
    name: 'Name',
    capacity: 'Capacity, guests',
    hours: 'Working hours',
    dayOff: 'day off',
    from: 'from',
    to: 'to',
    bufferBefore: 'Break before, min',
    bufferAfter: 'Break after, min',
    buffers: (before, after) =>
      before === 0 && after === 0 ? 'no breaks' : `break ${before} min before, ${after} min after`,
    save: 'Save',
    cancel: 'Cancel',
    none: 'Nothing yet.',
    zone: 'Venue time zone',
    zoneDefault: 'from the Lime connection',
    zoneSave: 'Save the zone',
    zoneSaved: 'Time zone saved.',
    readOnly: 'Halls and staff are set up by a CRM administrator.',
    saved: 'Saved.',
  },
};

export const bookingWords: Record<Locale, BookingWords> = { ru, en };
