/**
 * Name pools for the KOREAN culture.
 * Surnames (pool format of ./anglo.ts): the passport spelling most used in the US first, then the
 * Revised Romanization / McCune-Reischauer / other spellings, `=` Hangul, weight ≈ % of population.
 * Given names: two-syllable names written `SYL-SYL=Hangul`, separate lists per sex.
 */

export const KOREAN_COUNTRIES = "KR*98, KP*2";

export const KOREAN_SURNAMES = `
KIM/GIM=김*21.5, LEE/YI/RHEE/RI/LI/YEE=이*14.7, PARK/PAK/BAK/BAHK=박*8.4, CHOI/CHOE/CHOY=최*4.7,
JUNG/CHUNG/JEONG/CHEONG=정*4.3, KANG/GANG=강*2.4, CHO/JO/CHOH=조*2.1, YOON/YUN/YOUN=윤*2.1, JANG/CHANG=장*2.0,
LIM/IM/YIM=임*1.7, HAN=한*1.5, OH/O=오*1.5, SEO/SUH/SUR/SO=서*1.5, SHIN/SIN=신*1.5, KWON/GWON=권*1.4,
HWANG/WHANG=황*1.4, AHN/AN=안*1.4, SONG=송*1.3, JEON/JUN/CHUN/CHON=전*1.3, HONG=홍*1.1, YOO/YU=유*1.1,
KO/GO/KOH=고*0.9, MOON/MUN=문*0.9, YANG/RYANG=양*0.9, SON/SOHN=손*0.9, BAE/PAE=배*0.8,
BAEK/PAIK/BAIK/PAEK=백*0.8, HEO/HUH/HUR=허*0.7, NAM=남*0.6, NOH/ROH/NO=노*0.6, HA=하*0.5, KWAK/GWAK=곽*0.4,
SUNG/SEONG=성*0.4, CHA=차*0.4, JOO/JU/CHOO=주*0.4, WOO/U=우*0.4, KOO/GU/KU=구*0.4, MIN=민*0.3,
RYU/RYOO/YOO=류*0.3, NA/RA=나*0.3, JIN/CHIN=진*0.3, EOM/UM/EUM=엄*0.3, CHAE/CHAI=채*0.3, WON=원*0.3,
CHEON/CHUN=천*0.2, BANG=방*0.2, GONG/KONG=공*0.2, HYUN/HYEON=현*0.2, PYO=표*0.1, SEOK/SUK=석*0.1,
`;

export const KOREAN_MALE = `
MIN-JUN=민준, SEO-JUN=서준, DO-YUN=도윤, JI-HO=지호, JI-HOON=지훈, HYUN-WOO=현우, JUN-SEO=준서,
WOO-JIN=우진, SUNG-MIN=성민, JAE-HYUN=재현, DONG-HYUN=동현, JUN-HO=준호, YOUNG-HO=영호, SANG-WOO=상우,
SEUNG-HO=승호, JIN-WOO=진우, MIN-SU=민수, YOUNG-SOO=영수, JUNG-HO=정호, KYUNG-SOO=경수, SUNG-HO=성호,
TAE-HYUN=태현, JOON-YOUNG=준영, HYUN-JUN=현준, YE-JUN=예준, SI-WOO=시우, JU-WON=주원, HA-JUN=하준,
EUN-WOO=은우, GUN-WOO=건우, SANG-HOON=상훈, MYUNG-SOO=명수, CHUL-SOO=철수, KWANG-HO=광호, DAE-HO=대호,
BYUNG-HUN=병헌, JONG-SOO=종수, YONG-SU=용수, HYUN-SOO=현수, MIN-HO=민호, JAE-WON=재원, SEUNG-WOO=승우,
TAE-YANG=태양, DONG-WOOK=동욱, JAE-MIN=재민, SUNG-JIN=성진, YOUNG-JAE=영재, KI-HOON=기훈, IN-HO=인호,
JAE-SUNG=재성,
`;

export const KOREAN_FEMALE = `
SEO-YEON=서연, JI-WOO=지우, SEO-YUN=서윤, MIN-SEO=민서, HA-EUN=하은, JI-YOON=지윤, SU-BIN=수빈, JI-MIN=지민,
YU-NA=유나, HYE-JIN=혜진, EUN-JI=은지, SO-YEON=소연, JI-YEON=지연, MIN-JI=민지, SU-JIN=수진, YOUNG-HEE=영희,
MI-KYUNG=미경, EUN-JUNG=은정, HYUN-JOO=현주, JI-HYE=지혜, MI-RA=미라, SUN-HEE=선희, JUNG-EUN=정은,
YE-JIN=예진, DA-EUN=다은, CHAE-WON=채원, SOO-AH=수아, HYE-WON=혜원, EUN-YOUNG=은영, KYUNG-MI=경미,
MI-SOOK=미숙, YOUNG-MI=영미, SO-HEE=소희, JI-EUN=지은, HEE-JUNG=희정, YOON-AH=윤아, SEUNG-HEE=승희,
MI-YOUNG=미영, JIN-HEE=진희, SE-RA=세라,
`;

/** Differences between romanisation systems (RR, McCune-Reischauer, passport habits), per syllable. */
export const KOREAN_RULES =
  "YOUNG>YEONG, YEONG>YOUNG, JOON>JUN, JUN>JOON, HOON>HUN, HUN>HOON, SOO>SU, SU$>SOO, WOO>U, EUN>UN, ^K>G, ^G>K, ^J>CH, ^CH>J, ^B>P, ^P>B, ^D>T, SEO>SUH, YEON>YUN, YUN>YOON, KYUNG>GYEONG, SUNG>SEONG, HYUN>HYEON, JUNG>JEONG, OO>U, EO>U, AE>E, HEE>HUI, MYUNG>MYEONG, CHUL>CHEOL";
