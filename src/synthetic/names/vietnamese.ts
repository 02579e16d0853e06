/**
 * Name pools for the VIETNAMESE culture. Pool format: see ./anglo.ts.
 * Written with full Vietnamese diacritics; records mostly carry the folded ASCII form.
 * Surname weights are rough percentages of the population.
 */

export const VIETNAMESE_COUNTRIES = "VN";

export const VIETNAMESE_SURNAMES = `
NGUYỄN/NGUYEN/NGUEN/NGUYN/WIN*38, TRẦN/TRAN*11, LÊ/LEE*9.5, PHẠM*7.1, PHAN*4.5, HOÀNG/HOANG/HUANG*3,
HUỲNH/HUINH/HYNH*2.1, VŨ/VU*2, VÕ/VO*1.9, ĐẶNG/DANG*2.1, BÙI/BUI*2, ĐỖ/DO/DOE*1.4, HỒ/HO*1.3, NGÔ/NGO*1.3,
DƯƠNG/DUONG/ZUONG*1, LÝ/LY/LI/LEE*0.5, ĐINH/DINH*0.6, ĐÀO/DAO*0.5, LÂM/LAM*0.5, MAI*0.5,
TRƯƠNG/TRUONG/TRUNG*0.8, LƯƠNG/LUONG*0.4, LƯU/LUU/LIU*0.4, TÔ/TO*0.3, TRỊNH/TRINH*0.4, CAO/KAO*0.4,
HÀ/HA*0.4, LA*0.2, QUÁCH/QUACH/QUAC*0.2, THÁI/THAI*0.2, TẠ/TA*0.2, TĂNG/TANG*0.2, CHÂU/CHAU*0.3,
KIỀU/KIEU*0.1, VƯƠNG/VUONG*0.2, TỐNG/TONG*0.1, TRIỆU/TRIEU*0.1, HỨA/HUA*0.1, DIỆP/DIEP*0.1, ÔNG/ONG*0.1,
PHÙNG/PHUNG*0.2, KHƯƠNG/KHUONG*0.1, MẠC/MAC*0.1, ÂU/AU*0.1, LÃ/LA*0.1, ĐOÀN/DOAN*0.4, NGHIÊM/NGHIEM*0.1,
LỤC/LUC*0.1, VI*0.1, TIÊU/TIEU*0.1, THÂN/THAN*0.1, PHÓ/PHO*0.05, CÙ/CU*0.05,
`;

export const VIETNAMESE_MALE = `
MINH, ANH, TUẤN, HÙNG, DŨNG, HẢI, NAM, LONG, HUY, THÀNH, QUANG, PHONG, SƠN, CƯỜNG, ĐỨC, HOÀNG, TRUNG,
KHÁNH, BẢO, BÌNH, HIẾU, DUY, THẮNG, TÀI, VINH, TIẾN, TOÀN, PHÚC, QUÂN, VIỆT, KHOA, NGHĨA, THỊNH,
AN, TÚ, VŨ, HẬU, LÂM, LỘC, TRÍ, TÂM, ĐẠT, KIÊN, HÒA, LUÂN, TÙNG, HIỆP, HƯNG, KHANG, NHÂN, PHƯỚC,
THIỆN, TRỌNG, ĐÔNG, THUẬN, SANG,
`;

export const VIETNAMESE_FEMALE = `
LINH, TRANG, HƯƠNG, NGỌC, THẢO, HOA, LAN, MAI, PHƯƠNG, THU, HẠNH, HẰNG, HÀ, LOAN, MY, NGA, NHUNG, NHI,
OANH, QUỲNH, THỦY, TRINH, TUYẾT, UYÊN, VÂN, VY, YẾN, XUÂN, DIỆP, HIỀN, HỒNG, KIM, LIÊN, NGÂN, TÂM,
THANH, HUYỀN, HẢO, DUYÊN, CHI, GIANG, HẠ, LY, THƯ, TIÊN, TRÂM, VI, ANH, ĐÀO, NHƯ,
`;

export const VIETNAMESE_MIDDLE_MALE = `
VĂN*45, ĐỨC*8, MINH*8, QUỐC*6, HỮU*6, CÔNG*5, THANH*5, ĐÌNH*4, QUANG*4, XUÂN*3, NGỌC*3, TRỌNG*3,
HOÀNG*3, ANH*3, TIẾN*2, GIA*2, BẢO*2, THẾ*2, NHẬT*1, KHẮC*1,
`;

export const VIETNAMESE_MIDDLE_FEMALE = `
THỊ*55, NGỌC*10, THU*5, THANH*5, KIM*5, MỸ*3, PHƯƠNG*3, BÍCH*3, HỒNG*3, HOÀI*2, THÙY*2, MINH*2,
KHÁNH*2, BẢO*2, DIỄM*1, TUYẾT*1, QUỲNH*1, HẢI*1, CẨM*1, ÁNH*1,
`;

/** Spellings produced by English-speaking clerks. */
export const VIETNAMESE_RULES =
  "UY>UI, GH>G, NGH>NG, PH>F, TH>T, ^D>Z, ^TR>CH, ^QU>KW, ^NG>N, OA>WA, Y$>I, I$>Y";
